# Shared by the bench scripts (sourced, not run). Expects the sourcing script to define `fail MESSAGE`.

# The listeners may take connections a moment before the admin API answers: wait for it as well.
wait_for_admin() {
    for _ in $(seq 1 600); do
        curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/healthz" && return 0
        sleep 0.1
    done
    fail "no admin API at 127.0.0.1:$1 within 60 s"
    return 1
}
