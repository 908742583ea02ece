-- bench-requests.lua: wrk's side of bench-requests — the same small chat completion POST that
-- the request engine sends, against the same versus-fake-llm.
wrk.method = "POST"
wrk.body = '{"model":"fake-small","messages":[{"role":"user","content":"Say hello to the benchmark"}],"stream":false}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
