package io.sketchbricks.jobs;

import io.sketchbricks.core.SketchKind;
import io.sketchbricks.eval.Estimators;
import io.sketchbricks.eval.SyntheticZipfEval;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/**
 * The jobs' {@code --sketch} choices, derived from the kind registry ({@link SketchKind}'s capabilities and the
 * evaluators' names) so that a new kind shows up in every help text and default without editing the jobs. Help
 * texts print them through picocli's {@code ${COMPLETION-CANDIDATES}} and {@code ${DEFAULT-VALUE}}.
 */
final class SketchChoices {
  private SketchChoices() {}

  /** The classic kinds (cms, cs, cu, elastic, ...): the default of bench and eval. */
  static List<String> classic() {
    return SketchKind.with(SketchKind.Capability.CLASSIC).stream().map(SketchKind::sqlName).toList();
  }

  /** Candidates: the kinds kept in sketch tables. */
  static final class Stored implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SketchKind.with(SketchKind.Capability.STORED).stream().map(SketchKind::sqlName).iterator();
    }
  }

  /** Candidates: every estimator {@code eval} scores. */
  static final class Evaluated implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Estimators.names().iterator();
    }
  }

  /** Candidates: every sketch of the synthetic Lego benchmark. */
  static final class Synthetic implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SyntheticZipfEval.SKETCHES.iterator();
    }
  }

  /** Gives {@code --sketch} the classic kinds as its default, for commands that declare no default of their own. */
  static final class ClassicDefault implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
      return argSpec instanceof CommandLine.Model.OptionSpec o && o.longestName().equals("--sketch")
          ? String.join(",", classic()) : null;
    }
  }
}
