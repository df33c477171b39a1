/**
 * The integration round trips again, against container images (Apache Kafka, Apicurio Registry) for
 * contributors who have Docker. Every class here is annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)}: without a Docker engine they are reported
 * as skipped, and the embedded broker and registry harness cover the same ground.
 */
package io.nowcast.containers;
