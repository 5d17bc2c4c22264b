package io.perfharness.reports.history;

/**
 * Where a series shifted: the mean of its values moved from {@code before} to {@code after} at
 * {@code index}.
 *
 * @param index  the first index of the new level (for a trend: the first commit measured after the shift)
 * @param before mean of the values from the previous change point (or the start) up to {@code index}, exclusive
 * @param after  mean of the values from {@code index} up to the next change point (or the end), exclusive
 * @param change {@code after / before − 1} (0.1 is +10%; infinite when {@code before} is 0 and {@code after} is not)
 * @param pValue p-value of the permutation test that accepted it, in (0, 1]
 */
public record ChangePoint(int index, double before, double after, double change, double pValue) {

    /** @return the change point at {@code index} between segments of these means */
    public static ChangePoint of(int index, double before, double after, double pValue) {
        double change = before == after ? 0 : before == 0 ? Math.copySign(Double.POSITIVE_INFINITY, after) : after / before - 1;
        return new ChangePoint(index, before, after, change, pValue);
    }

    /** @return the change in % */
    public double changePercent() {
        return change * 100;
    }
}
