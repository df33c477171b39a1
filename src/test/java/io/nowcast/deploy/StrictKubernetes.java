package io.nowcast.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Deserialises Kubernetes manifests into the fabric8 model of the Kubernetes API types, strictly.
 * The fabric8 classes keep fields they do not know in {@code additionalProperties} instead of
 * failing (so Jackson's own unknown-property check never fires); a misspelt field such as {@code
 * livenesProbe} would then be dropped by the API server without a word. This class walks the
 * deserialised object graph and refuses any document in which such leftovers remain.
 */
final class StrictKubernetes {

  /** The kinds the manifests may use, by {@code apiVersion/kind}; others are refused by name. */
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/Namespace", Namespace.class,
          "apps/v1/StatefulSet", StatefulSet.class,
          "apps/v1/Deployment", Deployment.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private StrictKubernetes() {}

  /**
   * The typed resource of one manifest document.
   *
   * @param where names the document in error messages (file and index)
   * @throws IllegalArgumentException naming {@code where} and the offending field or kind
   */
  static HasMetadata parse(Object document, String where) {
    if (!(document instanceof Map)) {
      throw new IllegalArgumentException(
          where + ": expected a mapping, found " + describe(document));
    }
    Map<?, ?> map = (Map<?, ?>) document;
    String type = map.get("apiVersion") + "/" + map.get("kind");
    Class<? extends HasMetadata> kind = KINDS.get(type);
    if (kind == null) {
      throw new IllegalArgumentException(
          where + ": unsupported apiVersion/kind " + type + "; expected one of " + KINDS.keySet());
    }
    HasMetadata resource = convert(map, kind, where);
    List<String> unknown = new ArrayList<>();
    collectUnknown(resource, "", unknown);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          where
              + " ("
              + type
              + " "
              + resource.getMetadata().getName()
              + "): fields unknown to the Kubernetes API: "
              + unknown);
    }
    return resource;
  }

  private static <T> T convert(Map<?, ?> map, Class<T> kind, String where) {
    try {
      return MAPPER.convertValue(map, kind);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ": not a valid " + kind.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Appends the path of every field that landed in an {@code additionalProperties} map. */
  private static void collectUnknown(Object node, String path, List<String> unknown) {
    if (node instanceof Collection) {
      int i = 0;
      for (Object element : (Collection<?>) node) {
        collectUnknown(element, path + "[" + i++ + "]", unknown);
      }
    } else if (node instanceof Map) {
      ((Map<?, ?>) node)
          .forEach((key, value) -> collectUnknown(value, path + "[" + key + "]", unknown));
    } else if (node != null && isModel(node.getClass())) {
      collectModelUnknown(node, path, unknown);
    }
  }

  private static void collectModelUnknown(Object model, String path, List<String> unknown) {
    for (Method getter : model.getClass().getMethods()) {
      if (!isPropertyGetter(getter)) {
        continue;
      }
      Object value = invoke(getter, model);
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(join(path, key.toString())));
      } else {
        collectUnknown(value, join(path, propertyName(getter)), unknown);
      }
    }
  }

  /** Getters whose results may hold model objects (other getters return scalars). */
  private static boolean isPropertyGetter(Method method) {
    Class<?> type = method.getReturnType();
    return method.getName().startsWith("get")
        && method.getParameterCount() == 0
        && !Modifier.isStatic(method.getModifiers())
        && (isModel(type)
            || Collection.class.isAssignableFrom(type)
            || Map.class.isAssignableFrom(type));
  }

  private static boolean isModel(Class<?> type) {
    return type.getName().startsWith("io.fabric8.kubernetes.api.model.");
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter + ": " + e, e);
    }
  }

  private static String propertyName(Method getter) {
    String name = getter.getName().substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String describe(Object value) {
    return value == null ? "nothing" : value.getClass().getSimpleName();
  }
}
