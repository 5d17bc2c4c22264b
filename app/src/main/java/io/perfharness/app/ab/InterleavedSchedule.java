package io.perfharness.app.ab;

import java.util.SplittableRandom;

/**
 * Which side runs first in each block: randomized and balanced in pairs of blocks (one base-first, one
 * head-first, in a random order; ABBA or BAAB), so that a drift of the machine and any advantage of
 * running first or second hit both sides alike and cancel in the paired differences. Seeded: the same
 * seed gives the same order.
 */
public final class InterleavedSchedule {
    private final long seed;

    /** @param seed seed of the order */
    public InterleavedSchedule(long seed) {
        this.seed = seed;
    }

    /**
     * @param block the block, from 0
     * @return whether base runs before head in that block
     */
    public boolean baseFirst(int block) {
        // one coin per pair of blocks; the second block of a pair takes the other order
        boolean pairStartsWithBase = new SplittableRandom(seed * 1_000_003L + block / 2).nextBoolean();
        return (block % 2 == 0) == pairStartsWithBase;
    }

    /** @return the order of the first {@code blocks} blocks, e.g. {@code BH HB HB BH} */
    public String describe(int blocks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < blocks; i++) {
            sb.append(i == 0 ? "" : " ").append(baseFirst(i) ? "BH" : "HB");
        }
        return sb.toString();
    }
}
