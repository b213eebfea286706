_mkt() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="mkt"
                ;;
            mkt,backfill)
                cmd="mkt__subcmd__backfill"
                ;;
            mkt,completions)
                cmd="mkt__subcmd__completions"
                ;;
            mkt,config)
                cmd="mkt__subcmd__config"
                ;;
            mkt,db)
                cmd="mkt__subcmd__db"
                ;;
            mkt,doctor)
                cmd="mkt__subcmd__doctor"
                ;;
            mkt,health)
                cmd="mkt__subcmd__health"
                ;;
            mkt,help)
                cmd="mkt__subcmd__help"
                ;;
            mkt,index)
                cmd="mkt__subcmd__index"
                ;;
            mkt,rebuild-index)
                cmd="mkt__subcmd__rebuild__subcmd__index"
                ;;
            mkt,reviews)
                cmd="mkt__subcmd__reviews"
                ;;
            mkt,runs)
                cmd="mkt__subcmd__runs"
                ;;
            mkt,seed)
                cmd="mkt__subcmd__seed"
                ;;
            mkt,skills)
                cmd="mkt__subcmd__skills"
                ;;
            mkt,sync)
                cmd="mkt__subcmd__sync"
                ;;
            mkt__subcmd__backfill,reviews)
                cmd="mkt__subcmd__backfill__subcmd__reviews"
                ;;
            mkt__subcmd__backfill,skills)
                cmd="mkt__subcmd__backfill__subcmd__skills"
                ;;
            mkt__subcmd__config,show)
                cmd="mkt__subcmd__config__subcmd__show"
                ;;
            mkt__subcmd__db,migrate)
                cmd="mkt__subcmd__db__subcmd__migrate"
                ;;
            mkt__subcmd__db,schema)
                cmd="mkt__subcmd__db__subcmd__schema"
                ;;
            mkt__subcmd__index,apply)
                cmd="mkt__subcmd__index__subcmd__apply"
                ;;
            mkt__subcmd__index,rebuild)
                cmd="mkt__subcmd__index__subcmd__rebuild"
                ;;
            mkt__subcmd__index,rebuild-index)
                cmd="mkt__subcmd__index__subcmd__rebuild"
                ;;
            mkt__subcmd__index,restore)
                cmd="mkt__subcmd__index__subcmd__restore"
                ;;
            mkt__subcmd__reviews,add)
                cmd="mkt__subcmd__reviews__subcmd__add"
                ;;
            mkt__subcmd__reviews,delete)
                cmd="mkt__subcmd__reviews__subcmd__delete"
                ;;
            mkt__subcmd__reviews,edit)
                cmd="mkt__subcmd__reviews__subcmd__edit"
                ;;
            mkt__subcmd__reviews,get)
                cmd="mkt__subcmd__reviews__subcmd__get"
                ;;
            mkt__subcmd__reviews,list)
                cmd="mkt__subcmd__reviews__subcmd__list"
                ;;
            mkt__subcmd__reviews,recompute)
                cmd="mkt__subcmd__reviews__subcmd__recompute"
                ;;
            mkt__subcmd__reviews,restore)
                cmd="mkt__subcmd__reviews__subcmd__restore"
                ;;
            mkt__subcmd__reviews,summary)
                cmd="mkt__subcmd__reviews__subcmd__summary"
                ;;
            mkt__subcmd__reviews,verify)
                cmd="mkt__subcmd__reviews__subcmd__verify"
                ;;
            mkt__subcmd__runs,list)
                cmd="mkt__subcmd__runs__subcmd__list"
                ;;
            mkt__subcmd__runs,show)
                cmd="mkt__subcmd__runs__subcmd__show"
                ;;
            mkt__subcmd__runs,undo)
                cmd="mkt__subcmd__runs__subcmd__undo"
                ;;
            mkt__subcmd__skills,get)
                cmd="mkt__subcmd__skills__subcmd__get"
                ;;
            mkt__subcmd__skills,list)
                cmd="mkt__subcmd__skills__subcmd__list"
                ;;
            mkt__subcmd__sync,config)
                cmd="mkt__subcmd__sync__subcmd__config"
                ;;
            mkt__subcmd__sync,pull)
                cmd="mkt__subcmd__sync__subcmd__pull"
                ;;
            mkt__subcmd__sync,push)
                cmd="mkt__subcmd__sync__subcmd__push"
                ;;
            mkt__subcmd__sync,resolve)
                cmd="mkt__subcmd__sync__subcmd__resolve"
                ;;
            mkt__subcmd__sync,status)
                cmd="mkt__subcmd__sync__subcmd__status"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        mkt)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version health index rebuild-index backfill skills reviews seed db config sync runs doctor completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__backfill)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version skills reviews"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__backfill__subcmd__reviews)
            opts="-y -q -v -h -V --from --apply --yes --check --format --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table markdown" -- "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__backfill__subcmd__skills)
            opts="-y -q -v -h -V --to --authority --apply --yes --resume --statements-per-request --kv-chunk --verify-all --check --format --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --to)
                    COMPREPLY=($(compgen -W "durable kv" -- "${cur}"))
                    return 0
                    ;;
                --authority)
                    COMPREPLY=($(compgen -W "durable kv newest" -- "${cur}"))
                    return 0
                    ;;
                --resume)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --statements-per-request)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kv-chunk)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table markdown" -- "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__completions)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__config)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version show"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__config__subcmd__show)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__db)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version migrate schema"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__db__subcmd__migrate)
            opts="-q -v -h -V --dry-run --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__db__subcmd__schema)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__doctor)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__health)
            opts="-q -v -h -V --format --all --deep --fail-on --no-fail-on-drift --sources --serial-list --compare --settle --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "table json prometheus markdown" -- "${cur}"))
                    return 0
                    ;;
                --fail-on)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sources)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --settle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__help)
            opts="-q -v -h -V --format --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "table markdown" -- "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__index)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version rebuild rebuild-index apply restore"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__index__subcmd__apply)
            opts="-y -q -v -h -V --yes --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__index__subcmd__rebuild)
            opts="-y -q -v -h -V --apply --yes --prune --max-delete --fix-aliases --read-values --keys-only --format --out --check --backfill --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --max-delete)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table markdown" -- "${cur}"))
                    return 0
                    ;;
                --out)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__index__subcmd__restore)
            opts="-y -q -v -h -V --yes --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__rebuild__subcmd__index)
            opts="-y -q -v -h -V --apply --yes --prune --max-delete --fix-aliases --read-values --keys-only --format --out --check --backfill --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --max-delete)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table markdown" -- "${cur}"))
                    return 0
                    ;;
                --out)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version list get add edit delete restore summary verify recompute"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews__subcmd__add)
            opts="-q -v -h -V --type --id --rating --title --body --display-name --source --review-id --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rating)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --review-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews__subcmd__delete)
            opts="-y -q -v -h -V --yes --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews__subcmd__edit)
            opts="-q -v -h -V --rating --title --body --display-name --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --rating)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews__subcmd__get)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews__subcmd__list)
            opts="-q -v -h -V --type --id --limit --offset --include-deleted --display-name --since --rating --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rating)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews__subcmd__recompute)
            opts="-y -q -v -h -V --apply --yes --check --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews__subcmd__restore)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews__subcmd__summary)
            opts="-q -v -h -V --type --id --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__reviews__subcmd__verify)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__runs)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version list show undo"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__runs__subcmd__list)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__runs__subcmd__show)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__runs__subcmd__undo)
            opts="-y -q -v -h -V --force --yes --check --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__seed)
            opts="-y -q -v -h -V --skills --reviews --scenario --rng-seed --index-shape --yes --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --skills)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --reviews)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --scenario)
                    COMPREPLY=($(compgen -W "clean skill-loss" -- "${cur}"))
                    return 0
                    ;;
                --rng-seed)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --index-shape)
                    COMPREPLY=($(compgen -W "strings objects" -- "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__skills)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version list get"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__skills__subcmd__get)
            opts="-q -v -h -V --source --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --source)
                    COMPREPLY=($(compgen -W "kv index durable seed" -- "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__skills__subcmd__list)
            opts="-q -v -h -V --source --prefix --limit --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --source)
                    COMPREPLY=($(compgen -W "kv index durable seed" -- "${cur}"))
                    return 0
                    ;;
                --prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__sync)
            opts="-q -v -h -V --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version config status push pull resolve"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__sync__subcmd__config)
            opts="-q -v -h -V --backend --mode --endpoint --file --write --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --backend)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mode)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__sync__subcmd__pull)
            opts="-y -q -v -h -V --file --direct --yes --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__sync__subcmd__push)
            opts="-y -q -v -h -V --file --direct --yes --propagate-deletes --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__sync__subcmd__resolve)
            opts="-y -q -v -h -V --all --take --file --direct --yes --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --take)
                    COMPREPLY=($(compgen -W "file remote" -- "${cur}"))
                    return 0
                    ;;
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mkt__subcmd__sync__subcmd__status)
            opts="-q -v -h -V --file --direct --profile --via --target --account-id --namespace-id --database-id --local-path --api-url --concurrency --key-alphabet --max-wait --durable-table --durable-url --dev-url --allow-insecure-http --config --json --ndjson --no-headers --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "local cloudflare api wrangler-dev" -- "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --database-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --local-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-alphabet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --durable-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dev-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _mkt -o nosort -o bashdefault -o default mkt
else
    complete -F _mkt -o bashdefault -o default mkt
fi
