package io.sketchbricks.jobs;

import io.sketchbricks.ucl.UclConfig;
import picocli.CommandLine.ITypeConverter;

/** Parses {@code --ucl-split} / {@code --split} values; a wrong one gets the message naming the choices. */
final class UclSplitConverter implements ITypeConverter<UclConfig.Split> {
  @Override
  public UclConfig.Split convert(String value) {
    return UclConfig.Split.of(value);
  }
}
