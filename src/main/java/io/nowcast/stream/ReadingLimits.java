package io.nowcast.stream;

import io.nowcast.config.ForecasterConfig;

/**
 * The plausibility bounds of an input reading.
 *
 * @param maxAbsValue largest accepted |value| ({@code nowcast.value.max.abs})
 * @param maxFutureMillis largest accepted lead of the event time over the wall clock; 0 = unchecked
 *     ({@code nowcast.timestamp.max.future})
 * @param maxPastMillis largest accepted lag of the event time behind the wall clock; 0 = unchecked
 *     ({@code nowcast.timestamp.max.past})
 */
record ReadingLimits(double maxAbsValue, long maxFutureMillis, long maxPastMillis) {

  static ReadingLimits from(ForecasterConfig config) {
    return new ReadingLimits(
        config.valueMaxAbs(),
        config.timestampMaxFuture().toMillis(),
        config.timestampMaxPast().toMillis());
  }
}
