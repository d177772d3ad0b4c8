#!/bin/bash
# EMR bootstrap action: mounts the cgroup v1 "devices" controller where YARN's GPU isolation expects it
# (yarn-site yarn.nodemanager.linux-container-executor.cgroups.mount-path and container-executor cgroups.root in
# run-job-flow.json), so each executor container sees only the GPU YARN gave it. Upload next to run-job-flow.json's
# BootstrapActions path.
set -euo pipefail
sudo mkdir -p /spark-rapids-cgroup/devices
sudo mount -t cgroup -o devices cgroupv1-devices /spark-rapids-cgroup/devices
sudo chmod a+rwx -R /spark-rapids-cgroup
