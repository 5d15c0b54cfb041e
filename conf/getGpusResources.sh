#!/usr/bin/env bash
# GPU discovery script for Spark's resource scheduling: prints the GPU addresses of this node as JSON,
# e.g. {"name": "gpu", "addresses": ["0","1"]}.
ADDRS=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | sed -e 's/^ *//' -e 's/.*/"&"/' | paste -sd, -)
echo "{\"name\": \"gpu\", \"addresses\": [${ADDRS}]}"
