#!/usr/bin/env bash
# Executes the notebooks here with a Java kernel on the project's classpath.
# Installs what it needs on first use: Debian's Jupyter (nbconvert, nbclient) via apt-get when missing, the
# rapaio Java kernel and XChart (the plots) from Maven Central into notebooks/.kernel, and the project's runtime
# classpath (the jobs jar and jobs/target/lib, built by the launcher when stale).
#   notebooks/run.sh                       run all notebooks into notebooks/target/executed/ (the tracked files stay as they are)
#   notebooks/run.sh --refresh             run all and rewrite the tracked notebooks' outputs in place
#   notebooks/run.sh [--refresh] x.ipynb   run some
# Quiet: one line per notebook; apt's, Maven's and the kernel's own output go to notebooks/target/run.log.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
KERNEL_VERSION=3.0.1
XCHART_VERSION=4.0.3
WORK="$HERE/.kernel"
OUT="$HERE/target/executed"
LOG="$HERE/target/run.log"

refresh=0
notebooks=()
for a in "$@"; do
  case "$a" in
    --refresh) refresh=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) notebooks+=("$(basename "$a")") ;;
  esac
done
mkdir -p "$OUT" "$WORK/plot"
: > "$LOG"
fail() { echo "notebooks: $1 (details: $LOG)" >&2; tail -n 20 "$LOG" >&2; exit 1; }

if ! /usr/bin/python3 -c "import nbformat, nbclient" 2>/dev/null || ! command -v jupyter-nbconvert >/dev/null; then
  echo "notebooks: installing Jupyter from Debian's packages (apt-get)..." >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core; } >>"$LOG" 2>&1 \
    || fail "apt-get could not install Jupyter"
fi

# The kernel and the plotting library live next to the notebooks, never in the project's jars or Spark bundle.
JAR="$WORK/rapaio-jupyter-kernel-$KERNEL_VERSION.jar"
if [ ! -f "$JAR" ]; then
  echo "notebooks: fetching the Java kernel from Maven Central..." >&2
  (cd "$ROOT" && mvn -B -q dependency:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:$KERNEL_VERSION \
    -DoutputDirectory="$WORK") >>"$LOG" 2>&1 || fail "could not fetch the kernel"
fi
if [ ! -f "$WORK/plot/xchart-$XCHART_VERSION.jar" ]; then
  echo "notebooks: fetching XChart from Maven Central..." >&2
  rm -f "$WORK"/plot/*.jar # another version's jar would shadow this one
  # XChart's dependencies are all optional (vector and PDF export); PNG needs none of them
  (cd "$ROOT" && mvn -B -q dependency:copy -Dartifact=org.knowm.xchart:xchart:$XCHART_VERSION \
    -DoutputDirectory="$WORK/plot") >>"$LOG" 2>&1 || fail "could not fetch XChart"
fi

# The launcher builds the project (and jobs/target/lib) when sources changed.
"$ROOT/bin/sketchbricks" --version >>"$LOG" 2>&1 || fail "the project did not build"

# The kernel puts RJK_CLASSPATH (globs separated by ';') on the notebook's classpath at start-up, so the
# notebooks need no %jar cell printing 160 lines. Headless: XChart draws into images, there is no display.
mkdir -p "$WORK/kernels/java"
cat > "$WORK/kernels/java/kernel.json" <<JSON
{
  "display_name": "Java (Sketchbricks)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {"SPARK_LOCAL_IP": "127.0.0.1", "OPT_OUT_TRACKING": "true", "RJK_COMPILER_OPTIONS": "-source 17 -target 17",
    "RJK_CLASSPATH": "$ROOT/jobs/target/sketchbricks-jobs.jar;$ROOT/jobs/target/lib/*.jar;$WORK/plot/*.jar"},
  "argv": ["java", "-Xmx4g", "-Djava.awt.headless=true", "-XX:+IgnoreUnrecognizedVMOptions",
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
[ ${#notebooks[@]} -gt 0 ] || notebooks=(*.ipynb)
# execute.py waits for the kernel's ports before it connects (rapaio 3.0.1's start-up race, see there); should a
# kernel still not answer, or die before its first reply (seen once in a CI run), it is started again, up to three
# times. A kernel that answered is never retried.
execute() { # notebook, output file
  local attempt err="$HERE/target/execute.err"
  for attempt in 1 2 3; do
    if /usr/bin/python3 "$HERE/execute.py" "$1" "$2" java >>"$LOG" 2>"$err"; then
      cat "$err" >>"$LOG"; return 0
    fi
    cat "$err" >>"$LOG"
    # only a kernel that never started is retried: no answer, or it died before its first reply
    grep -qE "Kernel didn't respond|Kernel died before replying|kernel exited before it opened its ports" "$err" || return 1
    echo "notebooks: $1: the kernel did not answer (attempt $attempt of 3), starting it again" >&2
  done
  return 1
}

executed=()
for nb in "${notebooks[@]}"; do
  [ -f "$nb" ] || fail "no notebook $nb in $HERE"
  if [ $refresh = 1 ]; then out="$HERE/$nb"; else out="$OUT/$nb"; fi
  start=$(date +%s)
  # the notebook is written even when a cell fails, so that it can be read; check.py fails the run
  execute "$nb" "$out" || fail "$nb could not be executed"
  echo "notebooks: $nb executed in $(( $(date +%s) - start )) s -> $out" >&2
  executed+=("$out")
done
# every cell without an error, every plot drawn (exit 1 otherwise)
/usr/bin/python3 "$HERE/check.py" "${executed[@]}"
