package io.nowcast.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders declared keys for people: a terminal table, a commented properties file, or the Markdown
 * table of {@code docs/configuration.md}. Keys appear in declaration order (grouped).
 */
public final class ConfigDocs {

  private ConfigDocs() {}

  /** Aligned columns: name, type, default, valid values, group, description; one key per line. */
  public static String table(ConfigDef definition) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "TYPE", "DEFAULT", "VALID VALUES", "GROUP", "DESCRIPTION"});
    for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
      rows.add(
          new String[] {
            key.name, type(key), defaultOf(key), validValues(key), key.group, key.documentation
          });
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int c = 0; c < widths.length; c++) {
        out.append(String.format(Locale.ROOT, "%-" + widths[c] + "s  ", row[c]));
      }
      out.append(row[5]).append('\n');
    }
    return out.toString();
  }

  /** A properties file setting every default; keys without a default are commented out. */
  public static String properties(ConfigDef definition) {
    StringBuilder out = new StringBuilder();
    String group = null;
    for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
      if (!key.group.equals(group)) {
        group = key.group;
        out.append("\n########## ").append(group).append('\n');
      }
      out.append("\n# ").append(key.documentation).append('\n');
      out.append("# type: ")
          .append(type(key))
          .append("; valid: ")
          .append(validValues(key))
          .append('\n');
      boolean unset = key.defaultValue == null;
      out.append(unset ? "#" : "")
          .append(key.name)
          .append('=')
          .append(unset ? "" : defaultOf(key))
          .append('\n');
    }
    return out.toString().substring(1);
  }

  /** The Markdown table of {@code docs/configuration.md}. */
  public static String markdown(ConfigDef definition) {
    StringBuilder out =
        new StringBuilder("| key | type | default | valid values | group | description |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
      out.append("| `")
          .append(key.name)
          .append("` | ")
          .append(type(key))
          .append(" | ")
          .append(code(defaultOf(key)))
          .append(" | ")
          .append(cell(validValues(key)))
          .append(" | ")
          .append(key.group)
          .append(" | ")
          .append(cell(key.documentation))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String type(ConfigDef.ConfigKey key) {
    return Validators.isDuration(key) ? "duration" : key.type.name().toLowerCase(Locale.ROOT);
  }

  private static String defaultOf(ConfigDef.ConfigKey key) {
    if (key.defaultValue == null) {
      return "(unset)";
    }
    if (key.defaultValue instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(key.defaultValue);
  }

  private static String validValues(ConfigDef.ConfigKey key) {
    if (key.validator != null) {
      return key.validator.toString();
    }
    return key.type == ConfigDef.Type.BOOLEAN ? "true, false" : "any";
  }

  private static String code(String text) {
    return text.equals("(unset)") ? text : "`" + text + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
