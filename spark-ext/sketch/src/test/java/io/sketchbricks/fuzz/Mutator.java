package io.sketchbricks.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mutations of a seed. Case {@code i} uses mutator {@code i mod 9}; {@code k}, the mutator's own case
 * counter for one seed, walks the enumerated choices (every truncation length of a small seed, every interesting
 * value in every field) so a modest budget covers them all; the rest is drawn from the case's random source.
 */
enum Mutator {
  /** Random bytes of a random length: the reader must not trust anything. */
  RANDOM_BYTES {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      byte[] b = new byte[r.nextInt(Math.min(2 * seed.length, 1 << 16) + 1)];
      r.nextBytes(b);
      return new Mutation(b, name() + " length " + b.length);
    }
  },
  /** The seed's header, a random payload (same or random length), and a valid checksum and length. */
  RANDOM_PAYLOAD {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      Envelope e = t.envelope();
      int seedPayload = Math.max(0, seed.length - e.headerBytes() - e.trailerBytes());
      int payload = r.nextBoolean() ? seedPayload : r.nextInt(Math.min(2 * seedPayload, 1 << 16) + 1);
      byte[] b = Arrays.copyOf(seed, e.headerBytes() + payload + e.trailerBytes());
      byte[] random = new byte[payload];
      r.nextBytes(random);
      System.arraycopy(random, 0, b, e.headerBytes(), payload);
      e.seal(b, true);
      return new Mutation(b, name() + " payload " + payload + " bytes, sealed");
    }
  },
  /** 1 to 8 flipped bits, checksum left as it was: the checksum must catch them. */
  BIT_FLIPS {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      return flips(seed, r, false, this);
    }
  },
  /** 1 to 8 flipped bits with the checksum recomputed: the payload checks must catch them. */
  BIT_FLIPS_SEALED {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      Mutation m = flips(seed, r, true, this);
      t.envelope().seal(m.bytes(), false);
      return m;
    }
  },
  /** The seed cut short: at every length in turn for seeds up to 4 KB, else at random lengths. */
  TRUNCATE {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      int cut = cut(seed, r, k);
      return new Mutation(Arrays.copyOf(seed, cut), name() + " to " + cut + " of " + seed.length + " bytes");
    }
  },
  /** The payload cut short, with a fresh checksum and length: only the reader's own size checks remain. */
  TRUNCATE_SEALED {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      Envelope e = t.envelope();
      int payload = cut(Arrays.copyOf(seed, Math.max(1, seed.length - e.trailerBytes())), r, k);
      byte[] b = Arrays.copyOf(seed, payload + e.trailerBytes());
      Arrays.fill(b, payload, b.length, (byte) 0);
      e.seal(b, true);
      return new Mutation(b, name() + " content to " + payload + " of " + (seed.length - e.trailerBytes())
          + " bytes, sealed");
    }
  },
  /** An interesting value (zero, negative, huge, the input's length...) in one numeric field, sealed. */
  FIELD {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      if (fields.isEmpty()) {
        return WORD.apply(t, seed, fields, r, k);
      }
      Field f = fields.get((int) (k % fields.size()));
      long round = k / fields.size();
      byte[] b = seed.clone();
      String v = InterestingValues.write(b, f, seed, round, r);
      t.envelope().seal(b, false);
      return new Mutation(b, name() + " " + f + " (" + f.width() + " bytes) = " + v + ", sealed");
    }
  },
  /** An interesting int, long, float or double at a random aligned offset of the payload, sealed. */
  WORD {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      Envelope e = t.envelope();
      int width = r.nextBoolean() ? 4 : 8;
      int lo = e.headerBytes();
      int hi = seed.length - e.trailerBytes() - width;
      if (hi < lo) {
        return BIT_FLIPS_SEALED.apply(t, seed, fields, r, k);
      }
      int offset = lo + r.nextInt((hi - lo) / 4 + 1) * 4;
      byte[] b = seed.clone();
      String v = InterestingValues.write(b, Field.le("word", offset, width), seed, r.nextInt(1 << 20), r);
      e.seal(b, false);
      return new Mutation(b, name() + " @" + offset + " (" + width + " bytes) = " + v + ", sealed");
    }
  },
  /** Bytes inserted into or deleted from the payload, with checksum and length fixed. */
  RESIZE {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      Envelope e = t.envelope();
      int lo = e.headerBytes();
      int hi = Math.max(lo, seed.length - e.trailerBytes());
      int at = lo + r.nextInt(hi - lo + 1);
      int n = 1 + r.nextInt(r.nextBoolean() ? 8 : 64);
      byte[] b;
      String what;
      if (r.nextBoolean() || at + n > hi) {
        byte[] ins = new byte[n];
        r.nextBytes(ins);
        b = new byte[seed.length + n];
        System.arraycopy(seed, 0, b, 0, at);
        System.arraycopy(ins, 0, b, at, n);
        System.arraycopy(seed, at, b, at + n, seed.length - at);
        what = "inserted " + n + " bytes @" + at;
      } else {
        b = new byte[seed.length - n];
        System.arraycopy(seed, 0, b, 0, at);
        System.arraycopy(seed, at + n, b, at, seed.length - at - n);
        what = "deleted " + n + " bytes @" + at;
      }
      e.seal(b, true);
      return new Mutation(b, name() + " " + what + ", sealed");
    }
  },
  /** The target's own structure-aware mutation (e.g. JSON values), else a field mutation. */
  SPECIFIC {
    @Override
    Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k) {
      Mutation m = t.extraMutation(seed, r, k);
      return m != null ? m : FIELD.apply(t, seed, fields, r, k * 7 + 3);
    }
  };

  abstract Mutation apply(FuzzTarget t, byte[] seed, List<Field> fields, SplittableRandom r, long k);

  /** Seeds up to this size are truncated at every length in turn. */
  static final int ENUMERATED_TRUNCATION = 4096;

  private static int cut(byte[] seed, SplittableRandom r, long k) {
    if (seed.length <= ENUMERATED_TRUNCATION) {
      return (int) (k % seed.length);
    }
    return r.nextBoolean() ? r.nextInt(seed.length) : seed.length - 1 - r.nextInt(Math.min(seed.length, 64));
  }

  private static Mutation flips(byte[] seed, SplittableRandom r, boolean sealed, Mutator m) {
    byte[] b = seed.clone();
    int n = 1 + r.nextInt(8);
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < n && b.length > 0; i++) {
      int bit = r.nextInt(8 * b.length);
      b[bit >>> 3] ^= (byte) (1 << (bit & 7));
      at.append(i == 0 ? "" : ",").append(bit);
    }
    return new Mutation(b, m.name() + " bits " + at + (sealed ? ", sealed" : ""));
  }

  /** Writes a little-endian int at {@code offset}. */
  static void putInt(byte[] b, int offset, int v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, v);
  }
}
