# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bash completion for attache (installed as share/bash-completion/completions/attache).

_attache() {
    local cur prev cword
    local -a words
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD

    local commands="chat status sessions history providers models use usage permissions approve deny cancel follow code env help"
    local global="--discovery-file --start --config-dir --data-dir --port --help"

    # The command is the first word that is neither an option nor an option's value.
    local cmd="" i position=0
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --discovery-file|--config-dir|--data-dir|--port|-p|--session|--provider|--model|--file|--by|--since|--format|--scope|--shell)
                ((i++)) ;;
            -*) ;;
            *)
                if [[ -z $cmd ]]; then cmd=${words[i]}; else ((position++)); fi ;;
        esac
    done

    case $prev in
        --discovery-file|--file|--config-dir|--data-dir)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --by) COMPREPLY=($(compgen -W "provider model session client day" -- "$cur")); return ;;
        --since) COMPREPLY=($(compgen -W "7d 30d" -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "markdown json" -- "$cur")); return ;;
        --scope) COMPREPLY=($(compgen -W "once session always" -- "$cur")); return ;;
        --shell) COMPREPLY=($(compgen -W "sh fish" -- "$cur")); return ;;
        --port|--session|--provider|--model) return ;;
    esac

    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands $global --headless --stdio --reset-token --version" -- "$cur"))
        return
    fi

    local options=""
    case $cmd in
        chat) options="--session --new --provider --model --file --json --raw" ;;
        status|providers|models|use|permissions) options="--json" ;;
        sessions) options="--json --format" ;;
        history) options="--session --json" ;;
        usage) options="--by --since --json" ;;
        approve) options="--scope" ;;
        cancel) options="--session --json" ;;
        follow) options="--session --json --raw" ;;
        code) options="--session --json --raw" ;;
        env) options="--shell" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options $global" -- "$cur"))
        return
    fi
    case $cmd in
        sessions) [[ $position -eq 0 ]] && COMPREPLY=($(compgen -W "ls show rm rename export" -- "$cur")) ;;
        code)
            if [[ $position -eq 0 ]]; then
                COMPREPLY=($(compgen -W "explain test docs debug implement review" -- "$cur"))
            else
                COMPREPLY=($(compgen -f -- "$cur"))
            fi ;;
        help) [[ $position -eq 0 ]] && COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
    esac
}

complete -F _attache attache
