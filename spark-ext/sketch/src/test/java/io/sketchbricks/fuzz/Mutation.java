package io.sketchbricks.fuzz;

/** A mutated input and how it was made (the mutator and its choices), for failure reports. */
record Mutation(byte[] bytes, String description) {}
