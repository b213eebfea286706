# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mkt_global_optspecs
    string join \n profile= target= account-id= namespace-id= database-id= local-path= api-url= concurrency= key-alphabet= max-wait= durable-table= durable-url= dev-url= allow-insecure-http config= json ndjson no-headers q/quiet v/verbose h/help V/version
end

function __fish_mkt_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mkt_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mkt_using_subcommand
    set -l cmd (__fish_mkt_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mkt -n "__fish_mkt_needs_command" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_needs_command" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_needs_command" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_needs_command" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_needs_command" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_needs_command" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_needs_command" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_needs_command" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_needs_command" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_needs_command" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_needs_command" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "health" -d 'Report drift between the index blob, KV keys, the durable table and the seed catalog'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "index" -d 'Read, rebuild and restore the published index'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "rebuild-index" -d 'Rebuild the published index as a union of every live source (same as `mkt index rebuild`)'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "backfill" -d 'Copy skills between KV values and the durable table, or staged reviews into the target'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "skills" -d 'Read skills from any source'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "reviews" -d 'Manage reviews of skills and MCP servers, and verify their aggregates'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "seed" -d 'Write realistic test data (or the skill-loss incident) into the target'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "db" -d 'Manage the durable D1 schema'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "config" -d 'Show the resolved configuration'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "sync" -d 'Sync reviews between the local staging file and the Worker or D1'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "runs" -d 'List repair runs, show what one changed, and undo one from its exact backup'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "doctor" -d 'Check the setup: credentials, token, account, KV, D1, tables, Worker, throttle, local store'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c mkt -n "__fish_mkt_needs_command" -f -a "help" -d 'Print this message, the help of a command, or a reference: exit-codes, environment, config, flags'
complete -c mkt -n "__fish_mkt_using_subcommand health" -l format -d 'Output format [default: table; json with --json]' -r -f -a "table\t'Summary line, tables, drifted slugs and recommendations'
json\t'One JSON document (same as --json)'
prometheus\t'Gauges for a node-exporter textfile collector'
markdown\t'The table report as GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY, a PR comment)'"
complete -c mkt -n "__fish_mkt_using_subcommand health" -l fail-on -d 'Kinds that fail the run with exit 3: comma-separated kinds, `all` or `none` [default: every kind except seed_shadowed]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l sources -d 'Sources to read, comma-separated: index, kv_keys, durable, seed, aliases [default: all]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l settle -d 'Findings whose record or row changed within this window (KV takes up to 60 s to agree everywhere) are reported as settling and do not fail the run; `0` turns it off' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand health" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand health" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand health" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand health" -l all -d 'List every drifted slug (the human report shows the first 20)'
complete -c mkt -n "__fish_mkt_using_subcommand health" -l deep -d 'Also compare KV values with durable rows (field_mismatch, malformed values); reads every value'
complete -c mkt -n "__fish_mkt_using_subcommand health" -l no-fail-on-drift -d 'Report drift but exit 0 (an incomplete read still exits 4)'
complete -c mkt -n "__fish_mkt_using_subcommand health" -l serial-list -d 'List `skill:` keys with one serial cursor walk even when a key alphabet is declared (the default without one: exact for any key name)'
complete -c mkt -n "__fish_mkt_using_subcommand health" -l compare -d 'Compare the direct check with the Worker\'s own health endpoint (needs --api-url); exit 3 when they differ'
complete -c mkt -n "__fish_mkt_using_subcommand health" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand health" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand health" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand health" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand health" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand health" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand health" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand health" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -f -a "rebuild" -d 'Rebuild the published index as a union of every live source (plan by default)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -f -a "rebuild-index" -d 'Rebuild the published index as a union of every live source (plan by default)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -f -a "apply" -d 'Apply a plan saved with `mkt index rebuild --out FILE`; a stale plan is refused (exit 5)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and not __fish_seen_subcommand_from rebuild rebuild-index apply restore" -f -a "restore" -d 'Put a backed-up index back (a file under .mkt/backups/ or a backup KV key)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l max-delete -d 'The most entries --prune may remove' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l format -d 'How the plan is shown: table (default) or markdown (GitHub-flavoured; --json for JSON)' -r -f -a "table\t'Tables and summary lines'
markdown\t'The same as GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY, a PR comment)'"
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l out -d 'Save the plan, with fingerprints of what it read, for `mkt index apply FILE`' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l apply -d 'Write the new index (asks on a terminal; needs --yes without one)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -s y -l yes -d 'Apply without asking'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l prune -d 'Also remove stale entries (no live skill) and malformed entries, at most --max-delete of them'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l fix-aliases -d 'Delete skill-alias: keys whose target is not a live skill'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l read-values -d 'Read every skill: value (one request per 100 skills) and list malformed ones; by default only key names are listed and values are read just for summaries no durable row can make'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l keys-only -d 'Deprecated: reading key names only is now the default'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l check -d 'Exit 3 when the plan has changes (for CI)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l backfill -d 'First copy KV values missing from the durable table into it (and settle field mismatches, durable wins), like the seed\'s rebuild endpoint; durable rows are written before the index'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l max-delete -d 'The most entries --prune may remove' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l format -d 'How the plan is shown: table (default) or markdown (GitHub-flavoured; --json for JSON)' -r -f -a "table\t'Tables and summary lines'
markdown\t'The same as GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY, a PR comment)'"
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l out -d 'Save the plan, with fingerprints of what it read, for `mkt index apply FILE`' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l apply -d 'Write the new index (asks on a terminal; needs --yes without one)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -s y -l yes -d 'Apply without asking'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l prune -d 'Also remove stale entries (no live skill) and malformed entries, at most --max-delete of them'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l fix-aliases -d 'Delete skill-alias: keys whose target is not a live skill'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l read-values -d 'Read every skill: value (one request per 100 skills) and list malformed ones; by default only key names are listed and values are read just for summaries no durable row can make'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l keys-only -d 'Deprecated: reading key names only is now the default'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l check -d 'Exit 3 when the plan has changes (for CI)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l backfill -d 'First copy KV values missing from the durable table into it (and settle field mismatches, durable wins), like the seed\'s rebuild endpoint; durable rows are written before the index'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from rebuild-index" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -s y -l yes -d 'Apply without asking'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from apply" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -s y -l yes -d 'Restore without asking'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand index; and __fish_seen_subcommand_from restore" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l max-delete -d 'The most entries --prune may remove' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l format -d 'How the plan is shown: table (default) or markdown (GitHub-flavoured; --json for JSON)' -r -f -a "table\t'Tables and summary lines'
markdown\t'The same as GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY, a PR comment)'"
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l out -d 'Save the plan, with fingerprints of what it read, for `mkt index apply FILE`' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l apply -d 'Write the new index (asks on a terminal; needs --yes without one)'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -s y -l yes -d 'Apply without asking'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l prune -d 'Also remove stale entries (no live skill) and malformed entries, at most --max-delete of them'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l fix-aliases -d 'Delete skill-alias: keys whose target is not a live skill'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l read-values -d 'Read every skill: value (one request per 100 skills) and list malformed ones; by default only key names are listed and values are read just for summaries no durable row can make'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l keys-only -d 'Deprecated: reading key names only is now the default'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l check -d 'Exit 3 when the plan has changes (for CI)'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l backfill -d 'First copy KV values missing from the durable table into it (and settle field mismatches, durable wins), like the seed\'s rebuild endpoint; durable rows are written before the index'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand rebuild-index" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -f -a "skills" -d 'Copy skills between KV values and durable rows (plan by default)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and not __fish_seen_subcommand_from skills reviews" -f -a "reviews" -d 'Upsert reviews from a local staging file into the target (plan by default)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l to -d 'Which side missing skills are copied to: durable (KV values → rows) or kv (rows → KV values)' -r -f -a "durable\t'KV values → durable rows (missing_in_durable)'
kv\t'Durable rows → KV values (missing_kv_value)'"
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l authority -d 'Which side wins a field_mismatch' -r -f -a "durable\t'The durable row wins (the source of truth)'
kv\t'The KV value wins'
newest\t'The later of KV updatedAt and durable updated_at; ties go to durable'"
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l resume -d 'Continue the latest unfinished run (or RUN_ID), with its options' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l statements-per-request -d 'SQL statements per D1 request (each holds up to 6 rows)' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l kv-chunk -d 'KV values per bulk write request' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l format -d 'How the plan is shown: table (default) or markdown (GitHub-flavoured; --json for JSON)' -r -f -a "table\t'Tables and summary lines'
markdown\t'The same as GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY, a PR comment)'"
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l apply -d 'Write (asks on a terminal; needs --yes without one)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -s y -l yes -d 'Apply without asking'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l verify-all -d 'Read back every KV value written (default: all up to 2,000, else an even sample of 2,000)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l check -d 'Exit 3 when the plan has changes (for CI)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from skills" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l from -d 'The staging file: a JSON array of reviews, or an object with a "reviews" array [default: sync_file, else the reviews daemon\'s $SIGNET_PATH/marketplace/reviews.json]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l format -d 'How the plan is shown: table (default) or markdown (GitHub-flavoured; --json for JSON)' -r -f -a "table\t'Tables and summary lines'
markdown\t'The same as GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY, a PR comment)'"
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l apply -d 'Write (asks on a terminal; needs --yes without one)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -s y -l yes -d 'Apply without asking'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l check -d 'Exit 3 when the plan has changes (for CI)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand backfill; and __fish_seen_subcommand_from reviews" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -f -a "list" -d 'List skills from one source'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and not __fish_seen_subcommand_from list get" -f -a "get" -d 'Show one skill from one source'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l source -d 'Where to read skills from' -r -f -a "kv\t'`skill:{slug}` KV values'
index\t'The published-index blob'
durable\t'The durable skills table'
seed\t'The seed catalog file'"
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l prefix -d 'Only slugs starting with this prefix' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l limit -d 'Print at most N skills' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l source -d 'Where to read the skill from' -r -f -a "kv\t'`skill:{slug}` KV values'
index\t'The published-index blob'
durable\t'The durable skills table'
seed\t'The seed catalog file'"
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand skills; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -f -a "list" -d 'List reviews: one target\'s (newest first), or across targets filtered by name, time, rating'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -f -a "get" -d 'Show one review (deleted ones too)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -f -a "add" -d 'Add a review; prints its id'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -f -a "edit" -d 'Change a review\'s rating, title, body or display name'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -f -a "delete" -d 'Soft-delete a review (sets deleted_at; asks on a terminal, --yes otherwise)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -f -a "restore" -d 'Undo a soft delete'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -f -a "summary" -d 'A target\'s count and average from reviews beside its stored aggregate, and whether they agree'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -f -a "verify" -d 'Compare every target\'s aggregate row with its reviews (exit 3 on mismatches)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and not __fish_seen_subcommand_from list get add edit delete restore summary verify recompute" -f -a "recompute" -d 'Recompute mismatched aggregate rows from reviews (plan by default)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l type -d 'Target type: skill or mcp (with --id)' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l id -d 'Target id (with --type)' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l limit -d 'Reviews per page' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l offset -d 'Reviews to skip' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l display-name -d 'Only reviews by this display name (exact, after trimming)' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l since -d 'Only reviews written (created or edited) since this RFC 3339 time, or this long ago (90m, 1h, 2d)' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l rating -d 'Only reviews with this rating' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l include-deleted -d 'Include soft-deleted reviews'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l type -d 'Target type: skill or mcp' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l id -d 'Target id: the skill slug or MCP server id' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l rating -d 'Rating, a whole number from 1 to 5' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l title -d 'Title (1 to 200 characters)' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l body -d 'Body (1 to 5,000 characters)' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l display-name -d 'Author\'s display name (1 to 100 characters after trimming)' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l source -d 'Where the review came from' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l review-id -d 'Use this review id instead of a generated UUID v4' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l rating -d 'New rating, a whole number from 1 to 5' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l title -d 'New title' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l body -d 'New body' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l display-name -d 'New display name' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Delete without asking'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from restore" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l type -d 'Target type: skill or mcp' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l id -d 'Target id: the skill slug or MCP server id' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from summary" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l apply -d 'Write the recomputed rows (asks on a terminal; needs --yes without one)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -s y -l yes -d 'Apply without asking'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l check -d 'Exit 3 when the plan has changes (for CI)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand reviews; and __fish_seen_subcommand_from recompute" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l skills -d 'Number of skills to write' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l reviews -d 'Number of reviews to write (spread over the skills)' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l scenario -d 'Data to plant' -r -f -a "clean\t'Consistent data in every store'
skill-loss\t'Seed 001\'s incident: index keeps 3 entries, ~10% of durable rows missing, an orphaned alias, a malformed value'"
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l rng-seed -d 'Seed for the random generator; the same seed and counts always write the same data' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l index-shape -d 'Shape of the published-index entries' -r -f -a "strings\t'Index entries are slug strings'
objects\t'Index entries are summary objects {name, displayName, category, currentVersion, certTier}'"
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand seed" -s y -l yes -d 'Write to a remote target without asking'
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand seed" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand seed" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand seed" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand seed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand seed" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -f -a "migrate" -d 'Create the skills table and the review tables (idempotent)'
complete -c mkt -n "__fish_mkt_using_subcommand db; and not __fish_seen_subcommand_from migrate schema" -f -a "schema" -d 'Show the durable skills table as discovered: columns, types, the field each holds'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l dry-run -d 'Print the SQL instead of running it'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from migrate" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand db; and __fish_seen_subcommand_from schema" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand config; and not __fish_seen_subcommand_from show" -f -a "show" -d 'Print the resolved configuration and where each value came from (secrets redacted)'
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -f -a "config" -d 'Show the sync backend, mode, endpoint and file; set them in the profile with --write'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -f -a "status" -d 'Compare the local staging file with the remote (exit 3 when they differ)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -f -a "push" -d 'Send local reviews the remote lacks or holds older (POST to the ingest URL, or D1 with --direct); mark them synced in the file'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -f -a "pull" -d 'Write remote reviews the local file lacks or holds older into it, remove those deleted remotely (atomically, with a backup)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and not __fish_seen_subcommand_from config status push pull resolve" -f -a "resolve" -d 'Settle conflicts: one side\'s copy wins (shows the plan and asks; both copies stay saved)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l backend -d 'Where reviews live: local-file (the staging file only) or cloudflare-d1 (the Worker and D1)' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l mode -d 'staging, or production (pushes and pulls ask first)' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l endpoint -d 'The Worker\'s base URL, or its full /ingest/signet-reviews URL (default: the daemon\'s endpointUrl, else api_url)' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l file -d 'The local staging file' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l write -d 'Save the given values in the profile (the config file in use, else ./mkt.toml)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from config" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l file -d 'The local staging file [default: sync_file, else the reviews daemon\'s $SIGNET_PATH/marketplace/reviews.json]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l direct -d 'Compare with the D1 tables of the target instead of the Worker'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l file -d 'The local staging file [default: sync_file, else the reviews daemon\'s $SIGNET_PATH/marketplace/reviews.json]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l direct -d 'Compare with the D1 tables of the target instead of the Worker'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -s y -l yes -d 'Do not ask (production mode asks on a terminal; without one --yes is required)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l propagate-deletes -d 'Also soft-delete remotely the reviews deleted from the file since they were last in sync (shows the plan and asks; --yes without a terminal)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from push" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l file -d 'The local staging file [default: sync_file, else the reviews daemon\'s $SIGNET_PATH/marketplace/reviews.json]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l direct -d 'Compare with the D1 tables of the target instead of the Worker'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -s y -l yes -d 'Do not ask (production mode asks on a terminal; without one --yes is required)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from pull" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l take -d 'Whose copy wins: file (sent to the remote, or its deletion made there) or remote (written into the file, or its deletion made there)' -r -f -a "file\t'The staging file\'s copy (or its deletion)'
remote\t'The remote\'s copy (or its deletion)'"
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l file -d 'The local staging file [default: sync_file, else the reviews daemon\'s $SIGNET_PATH/marketplace/reviews.json]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l all -d 'Every review in conflict'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l direct -d 'Compare with the D1 tables of the target instead of the Worker'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -s y -l yes -d 'Do not ask (without a terminal --yes is required)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand sync; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -f -a "list" -d 'List repair runs: when, command, target, what each wrote, and its backup'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -f -a "show" -d 'Show what one run changed, from its exact backup'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and not __fish_seen_subcommand_from list show undo" -f -a "undo" -d 'Put back what one run overwrote and remove what it created (plan, confirm, apply, verify)'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l force -d 'Put the backup back over keys and rows that changed after the run too'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -s y -l yes -d 'Apply without asking'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l check -d 'Print the plan and exit 3 when there is something to undo; write nothing'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand runs; and __fish_seen_subcommand_from undo" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand completions" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand completions" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand completions" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand completions" -s h -l help -d 'Print help'
complete -c mkt -n "__fish_mkt_using_subcommand completions" -s V -l version -d 'Print version'
complete -c mkt -n "__fish_mkt_using_subcommand help" -l format -d 'A topic\'s tables as tables and lines (default) or as GitHub-flavoured Markdown (what docs/ holds)' -r -f -a "table\t'Tables and summary lines'
markdown\t'The same as GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY, a PR comment)'"
complete -c mkt -n "__fish_mkt_using_subcommand help" -l profile -d 'Profile from mkt.toml to use [env: MKT_PROFILE]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l target -l via -d 'Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]' -r -f -a "local\t''
cloudflare\t''
api\t''
wrangler-dev\t''"
complete -c mkt -n "__fish_mkt_using_subcommand help" -l account-id -d 'Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l namespace-id -d 'Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l database-id -d 'D1 database id [env: MKT_D1_DATABASE_ID]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l local-path -d 'Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand help" -l api-url -d 'Base URL of the marketplace Worker API [env: MKT_API_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l concurrency -d 'Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l key-alphabet -d 'Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l max-wait -d 'Longest wait for the request budget or a server\'s Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l durable-table -d 'The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma\'s Skill]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l durable-url -d 'PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l dev-url -d 'Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]' -r
complete -c mkt -n "__fish_mkt_using_subcommand help" -l config -d 'Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]' -r -F
complete -c mkt -n "__fish_mkt_using_subcommand help" -l allow-insecure-http -d 'Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]'
complete -c mkt -n "__fish_mkt_using_subcommand help" -l json -d 'Print one JSON document on stdout'
complete -c mkt -n "__fish_mkt_using_subcommand help" -l ndjson -d 'Print one JSON object per line on stdout (streams)'
complete -c mkt -n "__fish_mkt_using_subcommand help" -l no-headers -d 'Print piped tables without their header line'
complete -c mkt -n "__fish_mkt_using_subcommand help" -s q -l quiet -d 'Print only results and errors'
complete -c mkt -n "__fish_mkt_using_subcommand help" -s v -l verbose -d 'Print debug detail on stderr (requests, retries)'
complete -c mkt -n "__fish_mkt_using_subcommand help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mkt -n "__fish_mkt_using_subcommand help" -s V -l version -d 'Print version'
