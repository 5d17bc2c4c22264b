package io.perfharness.loadgen;

/**
 * Open model: intended send times (ns) of requests that came due while every connection of the
 * loop was busy, oldest first. Bounded; grows by doubling up to its capacity. Loop thread only.
 */
final class PendingRequests {

    private final int capacity;
    private long[] intended = new long[16];
    private int head;
    private int size;

    /** @param capacity most requests that may wait, ≥ 1 */
    PendingRequests(int capacity) {
        this.capacity = capacity;
    }

    /**
     * @param intendedNanos when the request should have been sent, {@link System#nanoTime()} ns
     * @return false if the queue is full and the request was not taken
     */
    boolean offer(long intendedNanos) {
        if (size == capacity) {
            return false;
        }
        if (size == intended.length) {
            long[] bigger = new long[(int) Math.min((long) intended.length * 2, capacity)];
            for (int i = 0; i < size; i++) {
                bigger[i] = intended[(head + i) % intended.length];
            }
            intended = bigger;
            head = 0;
        }
        intended[(head + size) % intended.length] = intendedNanos;
        size++;
        return true;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** @return the oldest intended send time, ns; only when not {@link #isEmpty()} */
    long poll() {
        long v = intended[head];
        head = (head + 1) % intended.length;
        size--;
        return v;
    }

    int size() {
        return size;
    }
}
