#!/bin/bash
# Docker HEALTHCHECK of a Tributary service: healthy when /actuator/health/readiness answers 200 on
# SERVER_PORT. The JRE image has neither curl nor wget, so this speaks HTTP/1.0 through bash's /dev/tcp.
set -euo pipefail
port="${SERVER_PORT:?SERVER_PORT is not set}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r -t 5 _ status _ <&3
[[ "${status}" == "200" ]]
