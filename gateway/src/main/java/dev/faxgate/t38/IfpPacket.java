package dev.faxgate.t38;

import java.util.Arrays;

/**
 * One T.38 IFP packet ({@code IFPPacket}), as a reusable mutable holder.
 *
 * <pre>
 * IFPPacket ::= SEQUENCE { type-of-msg Type-of-msg, data-field Data-Field OPTIONAL }
 *   type-of-msg  t30-indicator ({@link T38Indicator}) or t30-data ({@link T38DataType})
 *   data-field   SEQUENCE OF { field-type {@link T38FieldType},
 *                              field-data OCTET STRING (SIZE (1..65535)) OPTIONAL }
 * </pre>
 *
 * <p>Field data is never copied: each field refers to {@code (array, offset, length)}. After
 * {@link IfpCodec#decode} every field refers into the decoded buffer, so the holder is only valid
 * while that buffer is unchanged. A length of 0 means the field has no {@code field-data} (the
 * ASN.1 size is 1..65535, so "absent" and "empty" are the same thing).
 *
 * <p>The holder has a fixed field capacity, set at construction; filling it and decoding into it
 * never allocate. It is not thread-safe.
 */
public final class IfpPacket {
  /** Field capacity of {@link #IfpPacket()}: far more than any sender puts in one IFP. */
  public static final int DEFAULT_MAX_FIELDS = 32;
  /** Largest {@code field-data} the ASN.1 allows. */
  public static final int MAX_FIELD_LENGTH = 65535;

  private static final byte[] NO_DATA = new byte[0];

  private boolean dataMsg;
  private int typeOrdinal;
  private boolean dataFieldPresent;
  private int fieldCount;
  private final int[] fieldType;
  private final byte[][] fieldBuf;
  private final int[] fieldOff;
  private final int[] fieldLen;

  /** A holder for up to {@link #DEFAULT_MAX_FIELDS} fields, reset to the {@code no-signal} indicator. */
  public IfpPacket() {
    this(DEFAULT_MAX_FIELDS);
  }

  /** A holder for up to {@code maxFields} fields (at least 1), reset to {@code no-signal}. */
  public IfpPacket(int maxFields) {
    if (maxFields < 1) {
      throw new IllegalArgumentException("maxFields < 1: " + maxFields);
    }
    fieldType = new int[maxFields];
    fieldBuf = new byte[maxFields][];
    fieldOff = new int[maxFields];
    fieldLen = new int[maxFields];
    reset();
  }

  /** Back to a {@code no-signal} indicator with no data-field; drops every field reference. */
  public IfpPacket reset() {
    dataMsg = false;
    typeOrdinal = T38Indicator.NO_SIGNAL.ordinal();
    clearFields();
    return this;
  }

  private void clearFields() {
    for (int i = 0; i < fieldCount; i++) {
      fieldBuf[i] = null;
    }
    fieldCount = 0;
    dataFieldPresent = false;
  }

  /** Makes this an indicator packet with no data-field. */
  public IfpPacket setIndicator(T38Indicator indicator) {
    clearFields();
    dataMsg = false;
    typeOrdinal = indicator.ordinal();
    return this;
  }

  /** Makes this a data packet of {@code type} with no fields yet. */
  public IfpPacket setData(T38DataType type) {
    clearFields();
    dataMsg = true;
    typeOrdinal = type.ordinal();
    return this;
  }

  /** Adds a field without field-data. */
  public IfpPacket addField(T38FieldType type) {
    return addField(type, NO_DATA, 0, 0);
  }

  /**
   * Adds a field whose data is {@code buf[off .. off+len)}, referenced, not copied; {@code len}
   * 0 means no field-data.
   *
   * @throws IllegalStateException if the holder is full
   * @throws IllegalArgumentException if the range is outside {@code buf} or longer than 65535
   */
  public IfpPacket addField(T38FieldType type, byte[] buf, int off, int len) {
    if (fieldCount == fieldType.length) {
      throw new IllegalStateException("IFP holder full: " + fieldCount + " fields");
    }
    if (off < 0 || len < 0 || len > MAX_FIELD_LENGTH || off > buf.length - len) {
      throw new IllegalArgumentException("bad field range " + off + "+" + len);
    }
    setField(fieldCount, type.ordinal(), buf, off, len);
    fieldCount++;
    dataFieldPresent = true;
    return this;
  }

  /** Sets the data-field-present bit; a data-field with 0 elements is valid ASN.1. */
  public IfpPacket setDataFieldPresent(boolean present) {
    if (!present && fieldCount > 0) {
      throw new IllegalStateException("fields present");
    }
    dataFieldPresent = present;
    return this;
  }

  // Decoder entry points: no checks, the codec has made them.
  void decodedHeader(boolean data, int ordinal, boolean fieldsPresent) {
    clearFields();
    dataMsg = data;
    typeOrdinal = ordinal;
    dataFieldPresent = fieldsPresent;
  }

  void decodedField(int ordinal, byte[] buf, int off, int len) {
    setField(fieldCount++, ordinal, buf, off, len);
  }

  private void setField(int i, int ordinal, byte[] buf, int off, int len) {
    fieldType[i] = ordinal;
    fieldBuf[i] = buf;
    fieldOff[i] = off;
    fieldLen[i] = len;
  }

  /** How many fields this holder can take. */
  public int maxFields() {
    return fieldType.length;
  }

  /** True for a {@code t30-data} packet, false for a {@code t30-indicator}. */
  public boolean isData() {
    return dataMsg;
  }

  /** True for a {@code t30-indicator} packet. */
  public boolean isIndicator() {
    return !dataMsg;
  }

  /** The indicator, or null for a data packet. */
  public T38Indicator indicator() {
    return dataMsg ? null : T38Indicator.ofOrdinal(typeOrdinal);
  }

  /** The data type, or null for an indicator packet. */
  public T38DataType dataType() {
    return dataMsg ? T38DataType.ofOrdinal(typeOrdinal) : null;
  }

  /** True if the optional data-field is present (always when there are fields). */
  public boolean hasDataField() {
    return dataFieldPresent;
  }

  /** Number of data-field elements. */
  public int fieldCount() {
    return fieldCount;
  }

  /** The field type of element {@code i}. */
  public T38FieldType fieldType(int i) {
    checkIndex(i);
    return T38FieldType.ofOrdinal(fieldType[i]);
  }

  /** The array holding element {@code i}'s data (an empty array when it has none). */
  public byte[] fieldArray(int i) {
    checkIndex(i);
    return fieldBuf[i];
  }

  /** Offset of element {@code i}'s data in {@link #fieldArray(int)}. */
  public int fieldOffset(int i) {
    checkIndex(i);
    return fieldOff[i];
  }

  /** Length of element {@code i}'s data; 0 when it has no field-data. */
  public int fieldLength(int i) {
    checkIndex(i);
    return fieldLen[i];
  }

  /** A copy of element {@code i}'s data (allocates: for tests and logs, not the media path). */
  public byte[] fieldData(int i) {
    checkIndex(i);
    return Arrays.copyOfRange(fieldBuf[i], fieldOff[i], fieldOff[i] + fieldLen[i]);
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= fieldCount) {
      throw new IndexOutOfBoundsException("field " + i + " of " + fieldCount);
    }
  }

  /** True if both hold the same message type, the same fields and equal field data. */
  public boolean sameContent(IfpPacket o) {
    if (dataMsg != o.dataMsg || typeOrdinal != o.typeOrdinal
        || dataFieldPresent != o.dataFieldPresent || fieldCount != o.fieldCount) {
      return false;
    }
    for (int i = 0; i < fieldCount; i++) {
      if (fieldType[i] != o.fieldType[i] || !Arrays.equals(
          fieldBuf[i], fieldOff[i], fieldOff[i] + fieldLen[i],
          o.fieldBuf[i], o.fieldOff[i], o.fieldOff[i] + o.fieldLen[i])) {
        return false;
      }
    }
    return true;
  }

  /** E.g. {@code v21 [hdlc-data(3), hdlc-fcs-OK]} or {@code cng}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(dataMsg ? dataType().asn1Name() : indicator().asn1Name());
    if (dataFieldPresent) {
      sb.append(" [");
      for (int i = 0; i < fieldCount; i++) {
        sb.append(i == 0 ? "" : ", ").append(T38FieldType.ofOrdinal(fieldType[i]).asn1Name());
        if (fieldLen[i] > 0) {
          sb.append('(').append(fieldLen[i]).append(')');
        }
      }
      sb.append(']');
    }
    return sb.toString();
  }
}
