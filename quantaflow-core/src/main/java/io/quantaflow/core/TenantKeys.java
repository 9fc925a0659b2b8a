package io.quantaflow.core;

/**
 * Packs short tenant ids into two longs, so that the table stores no key object for them.
 *
 * <p>An id of at most {@value #MAX_PACKED_CHARS} ASCII characters packs as: the low byte of
 * {@code low} holds length + 1 (1..18, so 0 marks an empty slot), the next 56 bits hold
 * characters 0..7 at 7 bits each, and {@code high} holds characters 8..16 at 7 bits each.
 * Two ids are equal exactly when their packed words are. Any other id is marked with
 * {@link #LONG_KEY} in the low byte and its hash in the rest; the table keeps its String.
 */
final class TenantKeys {

  static final int MAX_PACKED_CHARS = 17;
  static final long LONG_KEY = 0xFE;

  private TenantKeys() {}

  static boolean packs(String key) {
    int length = key.length();
    if (length > MAX_PACKED_CHARS) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (key.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }

  /** Returns the low word: length and characters 0..7, or the long-key marker and hash. */
  static long low(String key, boolean packs) {
    if (!packs) {
      return LONG_KEY | ((long) key.hashCode() << 8);
    }
    int length = key.length();
    long word = length + 1;
    for (int i = 0, end = Math.min(length, 8); i < end; i++) {
      word |= (long) key.charAt(i) << (8 + 7 * i);
    }
    return word;
  }

  /** Returns the high word: characters 8..16 (0 for long keys). */
  static long high(String key, boolean packs) {
    if (!packs) {
      return 0;
    }
    long word = 0;
    for (int i = 8, length = key.length(); i < length; i++) {
      word |= (long) key.charAt(i) << (7 * (i - 8));
    }
    return word;
  }

  /** Returns the id packed into (low, high); only for packed ids. */
  static String unpack(long low, long high) {
    int length = (int) (low & 0xFF) - 1;
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      long word = i < 8 ? low >>> (8 + 7 * i) : high >>> (7 * (i - 8));
      chars[i] = (char) (word & 0x7F);
    }
    return new String(chars);
  }

  /** Mixes the two words into a well-spread 64-bit hash. */
  static long hash(long low, long high) {
    long h = low * 0x9E3779B97F4A7C15L + high;
    h ^= h >>> 32;
    h *= 0xD6E8FEB86659FD93L;
    h ^= h >>> 32;
    return h;
  }
}
