# SPDX-License-Identifier: GPL-2.0
# bash completion for xtrail(8): subcommands from the tool itself, live
# domain ids from xenstore, config keys, and files where a log is expected.

_xtrail_domids()
{
	local ids
	# dom0 cannot have an xtrail frontend.
	ids=$(xenstore-list /local/domain 2>/dev/null | grep -vx 0) || return
	COMPREPLY+=($(compgen -W "$ids" -- "$1"))
}

_xtrail()
{
	local cur=${COMP_WORDS[COMP_CWORD]} cmds
	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		cmds=$(xtrail --help 2>&1 | awk '/^  [a-z]/ { print $1 }')
		COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
		return
	fi
	case ${COMP_WORDS[1]} in
	attach | detach)
		[ "$COMP_CWORD" -eq 2 ] && _xtrail_domids "$cur" ||
			COMPREPLY=($(compgen -W "--devid --backend-domid --help" -- "$cur"))
		;;
	ring-dump)
		[ "$COMP_CWORD" -eq 2 ] && _xtrail_domids "$cur" ||
			COMPREPLY=($(compgen -W "--devid --ring --help" -- "$cur"))
		;;
	config)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "get set --help" -- "$cur"))
		elif [ "$COMP_CWORD" -eq 3 ]; then
			_xtrail_domids "$cur"
		elif [ "${COMP_WORDS[2]}" = set ]; then
			compopt -o nospace
			COMPREPLY=($(compgen -W "events= flood=drop flood=wait flood-wait-us= ignore-uid= ignore-comm= ignore-path= ignore-port=" -- "$cur"))
		fi
		;;
	pause | resume)
		[ "$COMP_CWORD" -eq 2 ] && _xtrail_domids "$cur"
		;;
	status)
		COMPREPLY=($(compgen -W "--json --help" -- "$cur"))
		;;
	watch)
		COMPREPLY=($(compgen -W "--events-only --count --help" -- "$cur"))
		;;
	attribute)
		[[ $cur == -* ]] &&
			COMPREPLY=($(compgen -W "--key --seal-key --window --domid --vm --json --help" -- "$cur")) ||
			COMPREPLY=($(compgen -f -- "$cur"))
		;;
	detect)
		[[ $cur == -* ]] &&
			COMPREPLY=($(compgen -W "--key --json --list --rules --set --rule --jsonl --help" -- "$cur")) ||
			COMPREPLY=($(compgen -f -- "$cur"))
		;;
	trace)
		[[ $cur == -* ]] &&
			COMPREPLY=($(compgen -W "--key --seal-key --dst --src --at --window --vm --pid --tty --json --help" -- "$cur")) ||
			COMPREPLY=($(compgen -f -- "$cur"))
		;;
	export | verify | anchor)
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	keygen)
		COMPREPLY=($(compgen -d -- "$cur"))
		;;
	esac
}

complete -F _xtrail xtrail
