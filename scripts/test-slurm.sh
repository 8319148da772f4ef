#!/usr/bin/env bash
# End-to-end test of `dsr grid --backend slurm` against a real single-node Slurm cluster.
#
# Installs slurmctld, slurmd, slurm-client and munge with apt-get if they are missing, starts
# munged (if not running), slurmctld and slurmd on loopback with a throw-away configuration in a
# temporary directory, submits a 2-setting × 2-run grid as a job array, waits for it through
# `dsr grid --status`, checks that a re-submission skips finished tasks and that a lost run is
# re-submitted alone, evaluates the grid, and stops the daemons it started.
#
# Usage: scripts/test-slurm.sh [path/to/dsr]      (default .build/debug/dsr)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DSR=$(realpath "${1:-.build/debug/dsr}")
[ -x "$DSR" ] || { echo "test-slurm: $DSR is not built (run swift build first)" >&2; exit 1; }

say() { echo "test-slurm: $*"; }
fail() { echo "test-slurm: FAILED: $*" >&2; exit 1; }

# --- packages
packages=(slurmctld slurmd slurm-client munge)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    fail "missing ${missing[*]}, and neither root nor sudo: apt-get install ${missing[*]}"
  fi
  say "installing ${missing[*]} with apt-get"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # The packages try to start their services; in a container without systemd that is refused, harmlessly.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "$(id -u)" -eq 0 ] || fail "the daemons are started as root here; run as root (CI does)"

# --- a throw-away cluster
WORK=$(mktemp -d /tmp/dsr-slurm-test.XXXXXX)
PORT_CTLD=${DSR_SLURM_PORT:-17817}
PORT_D=$((PORT_CTLD + 1))
STARTED_MUNGE=""
cleanup() {
  for pidfile in "$WORK/slurmd.pid" "$WORK/slurmctld.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  [ -n "$STARTED_MUNGE" ] && pkill -x munged 2>/dev/null || true
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/state" "$WORK/spool" "$WORK/log" "$WORK/run"
CPUS=$(nproc)
MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
cat > "$WORK/slurm.conf" <<EOF
ClusterName=dsrtest
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PORT_CTLD
SlurmdPort=$PORT_D
AuthType=auth/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=dsrtest Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$WORK/slurm.conf"

if ! (munge -n | unmunge) >/dev/null 2>&1; then
  pkill -x munged 2>/dev/null && sleep 1 || true
  [ -f /etc/munge/munge.key ] || { mungekey --create --keyfile /etc/munge/munge.key 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; }
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
  /usr/sbin/munged --force
  STARTED_MUNGE=1
  for _ in $(seq 20); do (munge -n | unmunge) >/dev/null 2>&1 && break; sleep 0.25; done
fi
munge -n | unmunge >/dev/null || fail "munge does not work"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
  sinfo -h -o %t 2>/dev/null | grep -q idle && break
  sleep 0.5
done
sinfo -h -o %t | grep -q idle || { cat "$WORK/log/"*.log >&2; fail "the node did not come up"; }
say "cluster up: $(sinfo -h -o '%P %D %t %c CPUs')"

# --- a small grid
cd "$WORK"
cat > grid.json <<EOF
{ "experiment": "slurm-e2e", "name": "lorenz", "results_directory": "$WORK/Results",
  "path_to_data": "$ROOT/Tests/DSRCLITests/Fixtures/lorenz63_train_small.npy",
  "sequence_length": 20, "batches_per_epoch": 4, "epochs": 6, "scalar_saving_interval": 2,
  "gtf_alpha_method": "constant", "gtf_alpha": 0.2,
  "grid": {"hidden_dim": [4, 8]}, "ids": {"hidden_dim": "H"}, "runs": 2,
  "slurm": {"time": "00:10:00", "mem": "500M", "cpus_per_task": 1, "extra": ["#SBATCH --partition=dsrtest"]} }
EOF

wait_finished() {
  local expected=$1
  for _ in $(seq 240); do
    if "$DSR" grid --config grid.json --status | tail -1 | grep -q "^$expected task(s): $expected finished$"; then return 0; fi
    sleep 0.5
  done
  "$DSR" grid --config grid.json --status >&2 || true
  cat Results/slurm-e2e/.grid/logs/*.log >&2 || true
  fail "the job array did not finish in 120 s"
}

out=$("$DSR" grid --config grid.json --backend slurm)
echo "$out"
echo "$out" | grep -q "Submitted job array .* (4 task(s), array 0-3)" || fail "submission: $out"
grep -q "^#SBATCH --mem=500M" Results/slurm-e2e/.grid/slurm-*.sh || fail "the script lacks --mem"
grep -q "^#SBATCH --partition=dsrtest" Results/slurm-e2e/.grid/slurm-*.sh || fail "the script lacks the extra line"
wait_finished 4
say "all 4 array elements finished"
for d in Results/slurm-e2e/lorenz-H_4/001 Results/slurm-e2e/lorenz-H_4/002 Results/slurm-e2e/lorenz-H_8/001 Results/slurm-e2e/lorenz-H_8/002; do
  [ -f "$d/model.json" ] || fail "$d/model.json missing"
done

out=$("$DSR" grid --config grid.json --backend slurm)
echo "$out" | grep -q "Nothing to submit" || fail "a re-submission should skip finished tasks: $out"
say "re-submission skips finished tasks"

rm -rf Results/slurm-e2e/lorenz-H_8/002
out=$("$DSR" grid --config grid.json --backend slurm)
echo "$out" | grep -q "(1 task(s), array 3)" || fail "only the lost task should be re-submitted: $out"
wait_finished 4
say "a lost run is re-submitted alone and finishes"

"$DSR" evaluate Results/slurm-e2e --data "$ROOT/Tests/DSRCLITests/Fixtures/lorenz63_test_small.npy" >/dev/null
[ -f Results/slurm-e2e/lorenz-H_4/statistics.csv ] || fail "dsr evaluate wrote no statistics.csv"
say "dsr evaluate works on the grid directory"
say "passed"
