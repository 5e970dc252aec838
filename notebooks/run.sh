#!/usr/bin/env bash
# Executes every notebook here in place (outputs are kept in the files) with a Java kernel.
# Installs what it needs on first use: Debian's Jupyter (nbconvert, nbclient) via apt-get when missing, the
# rapaio Java kernel from Maven Central, and the project's runtime classpath (jobs/target/lib).
#   notebooks/run.sh                  run all notebooks
#   notebooks/run.sh sketches.ipynb   run one
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
KERNEL_VERSION=3.0.1
WORK="$ROOT/notebooks/.kernel"

if ! /usr/bin/python3 -c "import nbformat, nbclient" 2>/dev/null || ! command -v jupyter-nbconvert >/dev/null; then
  echo "installing Jupyter from Debian's packages..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core >&2
fi

JAR="$WORK/rapaio-jupyter-kernel-$KERNEL_VERSION.jar"
if [ ! -f "$JAR" ]; then
  echo "fetching the Java kernel from Maven Central..." >&2
  (cd "$ROOT" && mvn -B -q dependency:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:$KERNEL_VERSION \
    -DoutputDirectory="$WORK") >&2
fi

# The launcher builds the project (and jobs/target/lib) when sources changed.
"$ROOT/bin/sketchbricks" --version >/dev/null

mkdir -p "$WORK/kernels/java"
cat > "$WORK/kernels/java/kernel.json" <<JSON
{
  "display_name": "Java (Sketchbricks)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {"SPARK_LOCAL_IP": "127.0.0.1", "OPT_OUT_TRACKING": "true", "RJK_COMPILER_OPTIONS": "-source 17 -target 17"},
  "argv": ["java", "-Xmx4g", "-XX:+IgnoreUnrecognizedVMOptions",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false", "-Dai.djl.offline=true",
    "-jar", "$JAR", "{connection_file}"]
}
JSON
export JUPYTER_PATH="$WORK"
cd "$HERE"
notebooks=("$@")
[ ${#notebooks[@]} -gt 0 ] || notebooks=(*.ipynb)
for nb in "${notebooks[@]}"; do
  echo "running $nb ..." >&2
  /usr/bin/python3 -m nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=600 \
    --ExecutePreprocessor.kernel_name=java "$nb"
done
