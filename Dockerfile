# syntax=docker/dockerfile:1
# One image per service, all built from this file:
#   docker build --build-arg SERVICE=ingestion-service --build-arg PORT=8081 -t tributary/ingestion-service:0.1.0-SNAPSHOT .
# (docker compose builds all four.) The build stage compiles the four jars once; its instructions do not
# depend on SERVICE, so the four image builds share it through the build cache. The layers stage splits
# one service's jar with Spring Boot's jarmode tools, so dependencies (which rarely change) and the
# application (which changes on every build) are separate image layers.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package -pl ingestion-service,processing-service,storage-service,query-service -am

FROM eclipse-temurin:25-jre AS layers
ARG SERVICE
ARG PORT
WORKDIR /layers
COPY --from=build /workspace/${SERVICE}/target/${SERVICE}-*.jar app.jar
RUN test -n "${PORT}" || { echo "build with --build-arg SERVICE=<module> --build-arg PORT=<its port>" >&2; exit 1; }
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM eclipse-temurin:25-jre
ARG SERVICE
ARG PORT
LABEL org.opencontainers.image.title="tributary-${SERVICE}"
# a numeric, non-root user, so Kubernetes can verify runAsNonRoot; its home is the writable /tmp
RUN useradd --system --uid 10001 --user-group --home-dir /tmp --no-create-home --shell /usr/sbin/nologin tributary
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
COPY --chmod=755 deploy/docker/healthcheck.sh /usr/local/bin/tributary-healthcheck
# The heap follows the container's memory limit; an OutOfMemoryError ends the process, so the
# orchestrator restarts it instead of leaving a half-working JVM.
ENV SERVER_PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 CMD ["tributary-healthcheck"]
# exec form: java is PID 1 and gets SIGTERM, so Spring's graceful shutdown runs. Netty (under Lettuce)
# loads native libraries and protobuf reads arrays through sun.misc.Unsafe: both allowed outright, so a
# JDK that denies them by default still runs the services, and the log does not open with its warnings
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-jar", "app.jar"]
