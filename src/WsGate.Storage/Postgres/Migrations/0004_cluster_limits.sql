-- 0004: what each node uses of the cluster-wide limits (connection caps and rate limits), so that every node admits
-- against the cluster's total (docs/cluster.md, "Cluster-wide limits"). PostgreSQL only: a single SQLite node has
-- nothing to share, so the SQLite store has no 0004. Each node replaces its own rows about once a second; rows of
-- nodes that are not alive or draining are ignored and swept with the node.
CREATE TABLE cluster_usage (
    node_id     TEXT        NOT NULL,
    kind        TEXT        NOT NULL,
    key         TEXT        NOT NULL,
    value       BIGINT      NOT NULL,
    reported_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (node_id, kind, key)
);
