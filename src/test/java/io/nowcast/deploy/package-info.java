/**
 * Checks of the deployment files under {@code deploy/} that run offline in the ordinary test phase:
 * every YAML file parses (duplicate keys refused); every Kubernetes manifest deserialises into the
 * Kubernetes API types of the fabric8 model with no field left over ({@link
 * io.nowcast.deploy.StrictKubernetes}), and the manifests wire what matters (state on a
 * PersistentVolumeClaim, probes on the configured HTTP port, the disruption budget and services
 * selecting the forecaster pods, one trainer, credentials only from Secrets); the compose stack
 * publishes on loopback only and health-checks its services; and every {@code nowcast.*} key and
 * {@code NOWCAST_*} variable in any of these files is one the application declares ({@link
 * io.nowcast.deploy.ConfigKeyCheck}), so a typo fails here rather than at a pod's start-up.
 */
package io.nowcast.deploy;
