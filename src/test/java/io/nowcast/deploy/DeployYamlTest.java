package io.nowcast.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;

class DeployYamlTest {

  @Test
  void everyYamlFileUnderDeployParsesIntoAtLeastOneDocument() {
    List<Path> files = DeployTree.repository().yamlFiles();
    assertTrue(
        files.size() >= 8,
        "expected the compose, Prometheus and Kubernetes files under deploy/, found " + files);
    for (Path file : files) {
      assertFalse(DeployTree.documents(file).isEmpty(), file + " holds no YAML document");
    }
  }

  @Test
  void composeAndKubernetesDirectoriesBothHoldYaml() {
    DeployTree tree = DeployTree.repository();
    assertFalse(tree.yamlFiles("compose").isEmpty(), "deploy/compose has no YAML");
    assertFalse(tree.yamlFiles("k8s").isEmpty(), "deploy/k8s has no YAML");
  }

  @Test
  void aDuplicateKeyIsRefusedRatherThanSilentlyOverwritten(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("dup.yaml"), "replicas: 1\nreplicas: 2\n");
    assertThrows(DuplicateKeyException.class, () -> DeployTree.documents(file));
  }
}
