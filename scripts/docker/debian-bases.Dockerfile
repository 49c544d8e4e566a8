# Local stand-ins for the official base images, built from Debian's own packages by
# scripts/docker/local-base-images.sh when Docker Hub cannot be reached. Every stage starts from
# DEBIAN_IMAGE, a `debootstrap --variant=minbase trixie` root filesystem imported into Docker.
#
#   node-runtime  Node 20 (Debian's nodejs), no npm, no compilers: the image's final stage
#   node          + npm (and node-gyp's headers): the image's build stages
#   postgres      PostgreSQL from Debian, configured like the official image (POSTGRES_USER,
#                 POSTGRES_PASSWORD, POSTGRES_DB, data in /var/lib/postgresql/data)

ARG DEBIAN_IMAGE=polkamesh-local/debian:trixie

FROM ${DEBIAN_IMAGE} AS node-runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && node -e "if (process.versions.node.split('.')[0] !== '20') throw new Error('expected Node 20, got ' + process.version)"
CMD ["node"]

FROM node-runtime AS node
# CAs this machine added to its own trust store (a TLS-intercepting proxy in front of the npm
# registry, say); the build stages need them for `npm ci`. Empty on most machines.
COPY extra-ca-certificates/ /usr/local/share/ca-certificates/
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm \
 && rm -rf /var/lib/apt/lists/* \
 && update-ca-certificates
# npm's own CA list is Node's; make it the system store that now holds the extra CAs too
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt

FROM ${DEBIAN_IMAGE} AS postgres
# Like the official image: no cluster at install time; the entrypoint creates one in PGDATA.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-common \
 && sed -ri 's/#?(create_main_cluster) .*$/\1 = false/' /etc/postgresql-common/createcluster.conf \
 && apt-get install -y --no-install-recommends postgresql \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)" /usr/lib/postgresql/bin \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown postgres:postgres /var/lib/postgresql/data /var/run/postgresql \
 && chmod 0700 /var/lib/postgresql/data
ENV PATH=/usr/lib/postgresql/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER postgres
VOLUME ["/var/lib/postgresql/data"]
EXPOSE 5432
# fast shutdown: SIGTERM would wait for every client to disconnect
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
