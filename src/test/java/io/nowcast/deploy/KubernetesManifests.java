package io.nowcast.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Every document of {@code deploy/k8s}, strictly typed (see {@link StrictKubernetes}). */
final class KubernetesManifests {

  private final List<HasMetadata> resources;

  private KubernetesManifests(List<HasMetadata> resources) {
    this.resources = resources;
  }

  /** Reads every YAML file below {@code deploy/k8s}; fails on the first invalid document. */
  static KubernetesManifests load() {
    List<HasMetadata> resources = new ArrayList<>();
    for (Path file : DeployTree.repository().yamlFiles("k8s")) {
      List<Object> documents = DeployTree.documents(file);
      for (int i = 0; i < documents.size(); i++) {
        resources.add(StrictKubernetes.parse(documents.get(i), file + " document " + (i + 1)));
      }
    }
    return new KubernetesManifests(resources);
  }

  List<HasMetadata> all() {
    return resources;
  }

  <T extends HasMetadata> List<T> ofKind(Class<T> kind) {
    return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  <T extends HasMetadata> T named(Class<T> kind, String name) {
    return ofKind(kind).stream()
        .filter(resource -> name.equals(resource.getMetadata().getName()))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "deploy/k8s has no " + kind.getSimpleName() + " " + name));
  }
}
