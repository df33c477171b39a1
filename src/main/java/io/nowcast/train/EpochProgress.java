package io.nowcast.train;

import java.time.Duration;

/**
 * What one finished epoch reports.
 *
 * @param epoch 1-based epoch just finished
 * @param maxEpochs the configured maximum (early stopping may end sooner)
 * @param trainLoss mean training loss per target over the epoch's chunks
 * @param holdoutLoss the holdout loss after the epoch
 * @param bestHoldoutLoss the best holdout loss so far (the parameters that will be kept)
 * @param elapsed time since training started
 * @param eta estimated time to run the remaining epochs (an upper bound: early stopping may end
 *     sooner)
 * @param member the seed-ensemble member this epoch belongs to, 1-based (1 for a single network)
 * @param members members in the ensemble (1 for a single network)
 */
public record EpochProgress(
    int epoch,
    int maxEpochs,
    double trainLoss,
    double holdoutLoss,
    double bestHoldoutLoss,
    Duration elapsed,
    Duration eta,
    int member,
    int members) {}
