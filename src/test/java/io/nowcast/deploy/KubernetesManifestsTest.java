package io.nowcast.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.nowcast.config.ForecasterConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KubernetesManifestsTest {

  private static final String FORECASTER = "nowcast-forecaster";
  private static final Pattern SECRET_LIKE =
      Pattern.compile("password|jaas|user\\.info|secret|token|credential");

  /** Read per test, so that one broken manifest fails the tests about it, not the snippet tests. */
  private KubernetesManifests manifests() {
    return KubernetesManifests.load();
  }

  @Test
  void everyManifestIsAKnownKubernetesTypeWithoutUnknownFields() {
    assertTrue(
        manifests().all().size() >= 7,
        "expected the forecaster, trainer, services, PDB, ConfigMap and Secret");
    manifests()
        .all()
        .forEach(
            resource ->
                assertNotNull(
                    resource.getMetadata().getName(),
                    resource.getKind() + " without metadata.name"));
  }

  @Test
  void aMisspeltFieldIsRefusedNamingItsPath() {
    Object document =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "StatefulSet",
            "metadata",
            Map.of("name", "x"),
            "spec",
            Map.of(
                "template",
                Map.of(
                    "spec",
                    Map.of("containers", List.of(Map.of("name", "c", "livenesProbe", Map.of()))))));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> StrictKubernetes.parse(document, "snippet"));
    assertTrue(
        e.getMessage().contains("spec.template.spec.containers[0].livenesProbe"), e.getMessage());
  }

  @Test
  void anUnsupportedKindIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StrictKubernetes.parse(Map.of("apiVersion", "v1", "kind", "Pod"), "snippet"));
    assertTrue(e.getMessage().contains("v1/Pod"), e.getMessage());
  }

  @Test
  void forecasterKeepsItsStateOnAPersistentVolumeClaimNamedInStateDir() {
    StatefulSet forecaster = manifests().named(StatefulSet.class, FORECASTER);
    List<PersistentVolumeClaim> claims = forecaster.getSpec().getVolumeClaimTemplates();
    assertEquals(1, claims.size(), "volumeClaimTemplates");
    String claim = claims.get(0).getMetadata().getName();
    VolumeMount mount =
        container(forecaster.getSpec().getTemplate()).getVolumeMounts().stream()
            .filter(m -> m.getName().equals(claim))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the claim " + claim + " is not mounted"));
    String stateDir = forecasterProperties().getProperty("state.dir");
    assertNotNull(stateDir, "forecaster.properties sets no state.dir");
    assertTrue(
        stateDir.startsWith(mount.getMountPath() + "/"),
        "state.dir " + stateDir + " is not on the claim mounted at " + mount.getMountPath());
  }

  @Test
  void forecasterConfigHasStandbysAndAReachableHttpServer() {
    Properties properties = forecasterProperties();
    assertTrue(
        Integer.parseInt(properties.getProperty("num.standby.replicas", "0")) >= 1,
        "num.standby.replicas");
    assertEquals(
        "0.0.0.0", properties.getProperty(ForecasterConfig.HTTP_HOST), ForecasterConfig.HTTP_HOST);
  }

  @Test
  void probesHitTheHealthEndpointsOnTheConfiguredHttpPort() {
    Container container =
        container(manifests().named(StatefulSet.class, FORECASTER).getSpec().getTemplate());
    int httpPort = Integer.parseInt(forecasterProperties().getProperty(ForecasterConfig.HTTP_PORT));
    assertProbe(container, container.getReadinessProbe().getHttpGet(), "/health/ready", httpPort);
    assertProbe(container, container.getLivenessProbe().getHttpGet(), "/health/live", httpPort);
  }

  @Test
  void eachPodAdvertisesItsHeadlessServiceNameAndUsesStaticMembership() {
    StatefulSet forecaster = manifests().named(StatefulSet.class, FORECASTER);
    Service headless = manifests().named(Service.class, forecaster.getSpec().getServiceName());
    assertEquals(
        "None",
        headless.getSpec().getClusterIP(),
        "the StatefulSet's serviceName must be headless");
    Map<String, EnvVar> env = env(container(forecaster.getSpec().getTemplate()));
    assertEquals("metadata.name", env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath());
    String port = forecasterProperties().getProperty(ForecasterConfig.HTTP_PORT);
    assertEquals(
        "$(POD_NAME)."
            + headless.getMetadata().getName()
            + ".$(POD_NAMESPACE).svc.cluster.local:"
            + port,
        env.get("NOWCAST_CONFIG_APPLICATION_SERVER").getValue());
    assertEquals("$(POD_NAME)", env.get("NOWCAST_CONFIG_GROUP_INSTANCE_ID").getValue());
  }

  @Test
  void servicesAndTheDisruptionBudgetSelectTheForecasterPods() {
    Map<String, String> podLabels =
        manifests()
            .named(StatefulSet.class, FORECASTER)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();
    PodDisruptionBudget budget = manifests().named(PodDisruptionBudget.class, FORECASTER);
    assertSelects(
        budget.getSpec().getSelector().getMatchLabels(), podLabels, "PodDisruptionBudget");
    assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal(), "maxUnavailable");
    for (Service service : manifests().ofKind(Service.class)) {
      assertSelects(
          service.getSpec().getSelector(), podLabels, "Service " + service.getMetadata().getName());
    }
  }

  @Test
  void workloadSelectorsMatchTheirOwnPodTemplates() {
    StatefulSet forecaster = manifests().named(StatefulSet.class, FORECASTER);
    assertSelects(
        forecaster.getSpec().getSelector().getMatchLabels(),
        forecaster.getSpec().getTemplate().getMetadata().getLabels(),
        "StatefulSet");
    for (Deployment deployment : manifests().ofKind(Deployment.class)) {
      assertSelects(
          deployment.getSpec().getSelector().getMatchLabels(),
          deployment.getSpec().getTemplate().getMetadata().getLabels(),
          deployment.getMetadata().getName());
    }
  }

  @Test
  void theTrainerIsOneReplicaThatIsNeverRunTwiceDuringAnUpgrade() {
    Deployment trainer = manifests().named(Deployment.class, "nowcast-trainer");
    assertEquals(1, trainer.getSpec().getReplicas(), "replicas");
    assertEquals("Recreate", trainer.getSpec().getStrategy().getType(), "strategy");
    assertTrue(
        container(trainer.getSpec().getTemplate()).getArgs().contains("trainer"),
        "the trainer command");
  }

  @Test
  void podsRunAsNonRootAndTakeCredentialsFromSecretsOnly() {
    for (PodTemplateSpec template :
        List.of(
            manifests().named(StatefulSet.class, FORECASTER).getSpec().getTemplate(),
            manifests().named(Deployment.class, "nowcast-trainer").getSpec().getTemplate())) {
      PodSpec pod = template.getSpec();
      assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), "runAsNonRoot");
      for (EnvVar variable : container(template).getEnv()) {
        if (SECRET_LIKE
            .matcher(variable.getName().toLowerCase(Locale.ROOT).replace('_', '.'))
            .find()) {
          assertNull(variable.getValue(), variable.getName() + " must not carry a literal value");
          assertNotNull(
              variable.getValueFrom().getSecretKeyRef(),
              variable.getName() + " must come from a Secret");
        }
      }
    }
  }

  @Test
  void configMapsHoldNoCredentials() {
    for (ConfigMap configMap : manifests().ofKind(ConfigMap.class)) {
      configMap
          .getData()
          .forEach(
              (name, text) -> {
                for (String key : DeployTree.properties(text).stringPropertyNames()) {
                  assertFalse(
                      SECRET_LIKE.matcher(key).find(),
                      "ConfigMap "
                          + configMap.getMetadata().getName()
                          + " ["
                          + name
                          + "] sets "
                          + key
                          + ": put it in a Secret");
                }
              });
    }
  }

  private Properties forecasterProperties() {
    String text =
        manifests().named(ConfigMap.class, "nowcast-config").getData().get("forecaster.properties");
    assertNotNull(text, "ConfigMap nowcast-config has no forecaster.properties");
    return DeployTree.properties(text);
  }

  private static Container container(PodTemplateSpec template) {
    List<Container> containers = template.getSpec().getContainers();
    assertEquals(1, containers.size(), "containers per pod");
    return containers.get(0);
  }

  private static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, v -> v));
  }

  private static void assertProbe(
      Container container, HTTPGetAction probe, String path, int httpPort) {
    assertNotNull(probe, "no httpGet probe for " + path);
    assertEquals(path, probe.getPath());
    String portName = probe.getPort().getStrVal();
    int port =
        portName == null
            ? probe.getPort().getIntVal()
            : container.getPorts().stream()
                .filter(p -> portName.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(
                    () ->
                        new AssertionError("probe port " + portName + " is not a container port"));
    assertEquals(
        httpPort, port, path + " probes port " + port + " but nowcast.http.port is " + httpPort);
  }

  private static void assertSelects(
      Map<String, String> selector, Map<String, String> labels, String what) {
    assertFalse(selector == null || selector.isEmpty(), what + " has an empty selector");
    selector.forEach(
        (key, value) ->
            assertEquals(value, labels.get(key), what + " selects " + key + "=" + value));
  }
}
