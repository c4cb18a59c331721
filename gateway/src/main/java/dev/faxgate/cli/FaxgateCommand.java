package dev.faxgate.cli;

public final class FaxgateCommand {
  public static void main(String[] args) {
  }
}
