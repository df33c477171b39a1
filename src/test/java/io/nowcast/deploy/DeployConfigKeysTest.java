package io.nowcast.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.config.NowcastKeys;
import io.nowcast.serde.SerdeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployConfigKeysTest {

  private final ConfigKeyCheck check =
      new ConfigKeyCheck(NowcastKeys.all(SerdeConfig.CONFIG_DEF).names());

  @Test
  void everyKeyAndVariableInTheDeploymentFilesIsDeclared() {
    List<String> problems = check.problems(DeployTree.repository());
    assertTrue(
        problems.isEmpty(),
        "undeclared configuration under deploy/:\n" + String.join("\n", problems));
  }

  @Test
  void theDeploymentFilesDoSetKeysAndVariablesSoTheCheckHasSomethingToCheck() {
    DeployTree tree = DeployTree.repository();
    long variables =
        tree.yamlFiles().stream()
            .flatMap(file -> DeployTree.documents(file).stream())
            .flatMap(document -> ConfigKeyCheck.collectVariables(document).stream())
            .filter(name -> name.startsWith("NOWCAST_"))
            .count();
    assertTrue(
        variables >= 6, "expected NOWCAST_* variables in compose and k8s, found " + variables);
    assertTrue(tree.propertiesFiles().size() >= 3, "expected the compose properties files");
  }

  @Test
  void madeUpKeysAndVariablesAreReportedByFileAndName(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("app.properties"), "nowcast.input.topics=s\nnowcast.made.up=1\nlinger.ms=5\n");
    Files.writeString(
        dir.resolve("docker-compose.yml"),
        """
        services:
          app:
            environment:
              NOWCAST_MODEL_NAME: fine
              NOWCAST_HTTP_PROT: "8080"
              NOWCAST_CONFIG_NOWCAST_INPUT_TOPICS: s
        """);
    Files.writeString(
        dir.resolve("configmap.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          forecaster.properties: |
            nowcast.model.name=ok
            nowcast.modle.name=typo
        """);
    Files.writeString(
        dir.resolve("statefulset.yaml"),
        """
        spec:
          template:
            spec:
              containers:
                - name: app
                  env:
                    - name: NOWCAST_TRAINER_INTERVALL
                      value: 1h
        """);

    List<String> problems =
        new ConfigKeyCheck(NowcastKeys.all(SerdeConfig.CONFIG_DEF).names())
            .problems(new DeployTree(dir));

    assertEquals(5, problems.size(), String.join("\n", problems));
    assertMentions(problems, "app.properties: key nowcast.made.up is not declared");
    assertMentions(
        problems, "variable NOWCAST_HTTP_PROT sets nowcast.http.prot, which is not declared");
    assertMentions(problems, "variable NOWCAST_CONFIG_NOWCAST_INPUT_TOPICS is refused");
    assertMentions(
        problems, "configmap.yaml [forecaster.properties]: key nowcast.modle.name is not declared");
    assertMentions(problems, "variable NOWCAST_TRAINER_INTERVALL sets nowcast.trainer.intervall");
  }

  private static void assertMentions(List<String> problems, String expected) {
    assertTrue(
        problems.stream().anyMatch(problem -> problem.contains(expected)),
        "no problem mentions '" + expected + "' in:\n" + String.join("\n", problems));
  }
}
