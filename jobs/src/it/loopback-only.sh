#!/usr/bin/env bash
# Runs the cluster test (SparkClusterIT) in a network namespace that has nothing but loopback. Every process the
# test starts (Master, Workers, executors, drivers in both deploy modes, the HDFS minicluster) can reach 127.0.0.1
# and nothing else, and the DJL caches start empty: a job that reached for the network (DJL downloading libtorch,
# Ivy resolving --packages, a lookup of a public host) fails the test instead of passing quietly.
#
# Needs unprivileged user namespaces (unshare from util-linux) and a local Maven repository that already holds
# everything (run `mvn -B verify` once first): Maven runs offline inside.
#   jobs/src/it/loopback-only.sh            from the repository root
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
exec unshare --user --map-root-user --net bash -c '
  ip link set lo up
  echo "network namespace: $(ip -o link | awk -F": " "{print \$2}" | tr "\n" " ")" >&2
  exec mvn -o -B -pl jobs -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SparkClusterIT
'
