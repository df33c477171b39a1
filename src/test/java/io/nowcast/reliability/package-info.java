/**
 * Reliability tests: the forecaster under faults and bad input on a real embedded broker and a real
 * schema registry. A forecaster runs in a child JVM and is killed with SIGKILL at seeded points of
 * its progress, its local state is wiped, and every output is compared with the offline reference
 * (the same engine, run uninterrupted over the same input): exactly-once v2 must leave no
 * duplicate, no gap and no changed bit. Poison pills must each end up as a dead letter or a counted
 * skip while the good records around them are forecast. The trainer is killed during training and
 * between send and commit, and loses its broker mid-cycle; only complete, committed, valid models
 * may ever be installed. Where a Docker engine exists, the kill test and the poison-pill matrix
 * also run against the {@code apache/kafka} image. {@code docs/reliability.md} describes each test.
 */
package io.nowcast.reliability;
