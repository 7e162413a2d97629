# WsGate in a container: docs/install.md#docker.
#
#   docker build -t wsgate .
#   docker run -d --name wsgate --stop-timeout 30 -p 127.0.0.1:9000:9000 -p 8080:8080 \
#       -v wsgate-data:/var/lib/wsgate -e WSGATE_ADMIN_PASSWORD=change-me wsgate

# Build: the self-contained single file of docs/install.md, for linux-x64. The project files come first, so a change
# of code alone reuses the restored packages.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig README.md ./
COPY src/WsGate.Core/WsGate.Core.csproj src/WsGate.Core/
COPY src/WsGate.Storage/WsGate.Storage.csproj src/WsGate.Storage/
COPY src/WsGate.Gateway/WsGate.Gateway.csproj src/WsGate.Gateway/
COPY src/WsGate.Admin/WsGate.Admin.csproj src/WsGate.Admin/
COPY src/WsGate.Server/WsGate.Server.csproj src/WsGate.Server/
COPY src/WsGate.LoadGen/WsGate.LoadGen.csproj src/WsGate.LoadGen/
RUN dotnet restore src/WsGate.Server -r linux-x64
COPY src/ src/
RUN dotnet publish src/WsGate.Server -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o /out

# Run: the native libraries .NET needs and nothing else (the file carries its own runtime), as the image's non-root
# user `app` ($APP_UID), with the store, its key file and the extracted SQLite library in the volume.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
COPY --from=build /out/wsgate /usr/local/bin/wsgate
RUN install -d -m 0700 -o "$APP_UID" -g "$APP_UID" /var/lib/wsgate
ENV DOTNET_BUNDLE_EXTRACT_BASE_DIR=/var/lib/wsgate/.net
WORKDIR /var/lib/wsgate
VOLUME /var/lib/wsgate
USER $APP_UID
# 9000: the admin API, console, /healthz, /readyz and /metrics. 8080: the default listener (WebSockets).
EXPOSE 9000 8080
# serve binds 127.0.0.1 by default, which inside a container is the container's own loopback: nothing published with
# -p would reach it. 0.0.0.0 makes both ports reachable through -p, so which host addresses they are published on
# (docker run -p 127.0.0.1:9000:9000) decides who reaches the admin API: see docs/install.md#docker.
# SIGTERM (docker stop) drains WebSockets for up to 10 s: give docker stop longer (--stop-timeout 30).
ENTRYPOINT ["/usr/local/bin/wsgate"]
CMD ["serve", "--data", "/var/lib/wsgate/wsgate.db", "--admin", "0.0.0.0:9000", "--listen", "0.0.0.0:8080"]
