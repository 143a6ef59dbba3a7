#!/usr/bin/env bash
# A one-node Slurm cluster on localhost for the opt-in cluster test: slurmctld + slurmd + munge, config in DIR.
# Usage: slurm-localhost.sh start DIR | stop DIR.   Needs root and Debian's slurm-wlm (install: apt-get install slurm-wlm).
# After `start`, use the cluster with SLURM_CONF=DIR/slurm.conf (sbatch, squeue, sacct are not needed beyond sbatch/squeue).
set -euo pipefail
cmd=${1:?start|stop}; dir=$(realpath -m "${2:?DIR}")
case "$cmd" in
start)
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
    || { echo "slurm-wlm/munge not installed (apt-get install slurm-wlm)"; exit 3; }
  mkdir -p "$dir"/{state,spool,log}
  node=$(hostname -s)
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) * 8 / 10 ))
  # munge: its key is made by the Debian package; make one if missing. Run our own munged on a private socket.
  [ -f /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null; chmod 400 /etc/munge/munge.key; }
  chown -R munge:munge /etc/munge 2>/dev/null || true
  mkdir -p "$dir/munge"; chown munge:munge "$dir/munge" 2>/dev/null || true
  if ! pgrep -x munged >/dev/null; then
    mkdir -p /run/munge /var/log/munge /var/lib/munge; chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
    (su -s /bin/sh munge -c "munged" 2>/dev/null || munged --force) || { echo "munged did not start"; exit 3; }
  fi
  cat > "$dir/slurm.conf" <<CONF
ClusterName=rk-localhost
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=6917
SlurmdPort=6918
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$dir/slurm.conf" -i
  slurmd -f "$dir/slurm.conf"
  for i in $(seq 1 30); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then echo "slurm up: $(sinfo -h -o '%N %T %c')"; exit 0; fi
    sleep 1
  done
  echo "slurm did not come up; logs in $dir/log"; tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" 2>/dev/null; exit 4
  ;;
stop)
  for f in slurmd slurmctld; do [ -f "$dir/$f.pid" ] && kill "$(cat "$dir/$f.pid")" 2>/dev/null || true; done
  for i in $(seq 1 20); do
    alive=0; for f in slurmd slurmctld; do [ -f "$dir/$f.pid" ] && kill -0 "$(cat "$dir/$f.pid")" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.5
  done
  echo "slurm stopped"
  ;;
esac
