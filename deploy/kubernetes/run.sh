#!/bin/sh
# One weekly census on Kubernetes: the shards, then the merge and its report (docs/scale.md).
# Kubernetes has no "run this Job after that one"; this script (or a CI step, or a workflow engine) is
# that order. Run it from deploy/kubernetes with kubectl pointed at the cluster and namespace.
set -eu
kubectl apply -f config.yaml
# Last week's Jobs are replaced; the inventories stay on the volume.
kubectl delete job census-shards census-merge --ignore-not-found --wait=true
kubectl apply -f shards.yaml
# Wait until the Job is complete or has failed (an index failed twice): either way the merge runs. A shard
# whose crawl failed this week left only an inventory merged before: the merge skips it, names its shard
# as missing and exits 3.
until kubectl get job census-shards \
    -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{"\n"}{end}' | grep -qx -e Complete -e Failed; do
  sleep 30
done
kubectl apply -f merge.yaml
until kubectl get job census-merge \
    -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{"\n"}{end}' | grep -qx -e Complete -e Failed; do
  sleep 10
done
kubectl logs job/census-merge
kubectl wait --for=condition=complete --timeout=1s job/census-merge >/dev/null 2>&1 || exit 3
