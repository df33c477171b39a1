package io.nowcast.deploy;

import io.nowcast.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * Finds configuration in a deployment tree that the application would refuse at start-up, before
 * anyone deploys it: {@code nowcast.*} keys in properties files (and in properties embedded in
 * Kubernetes ConfigMaps) that no package declares, and {@code NOWCAST_*} environment variables (in
 * compose {@code environment}, Kubernetes {@code env}, or anywhere in the text) that do not map to
 * a declared key under the rules of {@link ConfigLoader}.
 */
final class ConfigKeyCheck {

  private static final String NOWCAST_PREFIX = "nowcast.";
  private static final Pattern VARIABLE = Pattern.compile("\\bNOWCAST_[A-Za-z0-9_]*[A-Za-z0-9]");

  private final Set<String> declared;

  /**
   * @param declared every declared key (only its {@code nowcast.*} members matter)
   */
  ConfigKeyCheck(Set<String> declared) {
    this.declared = declared;
  }

  /** One line per problem, each naming the file and the key or variable; empty when all is well. */
  List<String> problems(DeployTree tree) {
    List<String> problems = new ArrayList<>();
    for (Path file : tree.propertiesFiles()) {
      checkKeys(
          file.toString(),
          DeployTree.properties(DeployTree.read(file)).stringPropertyNames(),
          problems);
    }
    for (Path file : tree.yamlFiles()) {
      for (Object document : DeployTree.documents(file)) {
        checkEmbeddedProperties(file, document, problems);
        collectVariables(document)
            .forEach(variable -> checkVariable(file.toString(), variable, problems));
      }
    }
    for (Path file : tree.configurationFiles()) {
      Matcher matcher = VARIABLE.matcher(DeployTree.read(file));
      while (matcher.find()) {
        checkVariable(file.toString(), matcher.group(), problems);
      }
    }
    return problems.stream().distinct().toList();
  }

  private void checkKeys(String source, Collection<String> keys, List<String> problems) {
    for (String key : keys) {
      if (key.startsWith(NOWCAST_PREFIX) && !declared.contains(key)) {
        problems.add(
            source + ": key " + key + " is not declared (`nowcast config` lists the keys)");
      }
    }
  }

  /** Properties files inside a ConfigMap's {@code data} (entries named {@code *.properties}). */
  private void checkEmbeddedProperties(Path file, Object document, List<String> problems) {
    if (!(document instanceof Map<?, ?> map)
        || !"ConfigMap".equals(map.get("kind"))
        || !(map.get("data") instanceof Map<?, ?> data)) {
      return;
    }
    data.forEach(
        (name, text) -> {
          if (name.toString().endsWith(".properties")) {
            checkKeys(
                file + " [" + name + "]",
                DeployTree.properties(String.valueOf(text)).stringPropertyNames(),
                problems);
          }
        });
  }

  /**
   * Variable names set by a document: the keys of compose {@code environment} maps, the {@code
   * KEY=value} items of compose {@code environment} lists, and the {@code name} of Kubernetes
   * {@code env} entries.
   */
  static List<String> collectVariables(Object node) {
    List<String> variables = new ArrayList<>();
    collectVariables(node, variables);
    return variables;
  }

  private static void collectVariables(Object node, List<String> variables) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            if ("environment".equals(key) || "env".equals(key)) {
              variables.addAll(variableNames(value));
            }
            collectVariables(value, variables);
          });
    } else if (node instanceof List<?> list) {
      list.forEach(element -> collectVariables(element, variables));
    }
  }

  private static List<String> variableNames(Object environment) {
    List<String> names = new ArrayList<>();
    if (environment instanceof Map<?, ?> map) {
      map.keySet().forEach(name -> names.add(name.toString()));
    } else if (environment instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> entry && entry.get("name") != null) {
          names.add(entry.get("name").toString());
        } else if (item instanceof String assignment) {
          names.add(assignment.split("=", 2)[0]);
        }
      }
    }
    return names;
  }

  private void checkVariable(String source, String variable, List<String> problems) {
    if (!variable.startsWith(ConfigLoader.DECLARED_PREFIX)
        || ConfigLoader.LAUNCHER_VARIABLES.contains(variable)) {
      return;
    }
    Map<String, String> keys;
    try {
      keys = ConfigLoader.fromEnvironment(Map.of(variable, ""));
    } catch (ConfigException e) {
      problems.add(source + ": variable " + variable + " is refused: " + e.getMessage());
      return;
    }
    String key = keys.keySet().iterator().next();
    if (key.startsWith(NOWCAST_PREFIX) && !declared.contains(key)) {
      problems.add(source + ": variable " + variable + " sets " + key + ", which is not declared");
    } else if (!ConfigLoader.variableOf(key).equals(variable)) {
      problems.add(
          source
              + ": variable "
              + variable
              + " is not the canonical name of "
              + key
              + "; expected "
              + ConfigLoader.variableOf(key));
    }
  }
}
