package io.nowcast.cli;

import io.nowcast.model.ImportFormat;
import io.nowcast.model.ImportedNetwork;
import io.nowcast.model.ModelFiles;
import io.nowcast.model.ModelImport;
import io.nowcast.model.ValidatedModel;
import io.nowcast.nn.OutputKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nowcast model import}: a Keras or PyTorch JSON export to a validated {@code model.avro}.
 */
@Command(
    name = "import",
    description = "Convert Keras or PyTorch weights (JSON, see docs/models.md) into a model file.")
final class ModelImportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin HelpOption help;

  @Option(
      names = "--format",
      required = true,
      description = "Layout of the weights file: keras or pytorch.")
  ImportFormat format;

  @Option(
      names = "--in",
      required = true,
      paramLabel = "weights.json",
      description = "The JSON weights export to read.")
  Path in;

  @CommandLine.Mixin ModelFileOutput written;

  @Option(
      names = "--name",
      description = "Model name (default: the --in file name without extension).")
  String name;

  @Option(
      names = "--features",
      defaultValue = "value",
      description =
          "Feature-pipeline spec the network expects as input (default: ${DEFAULT-VALUE}; docs/features.md).")
  String features;

  @Option(
      names = "--output",
      defaultValue = "point",
      description =
          "Head kind: point (head units = horizon) or probabilistic (units = 2 x horizon: means, then raw scales). Default: ${DEFAULT-VALUE}.")
  OutputKind output;

  @Override
  public Integer call() throws IOException {
    ImportedNetwork network = ModelImport.read(in, format, output);
    String modelName = name != null ? name : FileNames.stem(in);
    ValidatedModel model =
        ModelFiles.writeValidated(
            written.out,
            ModelImport.content(
                network, format, modelName, written.version, features, Instant.now()));
    spec.commandLine()
        .getOut()
        .println(
            "wrote "
                + written.out
                + ": "
                + model
                + " ("
                + network.parameters().length
                + " parameters)");
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
