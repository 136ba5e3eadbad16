# SPDX-License-Identifier: GPL-2.0
#
# profile, dom0 part: wait, then pass the guest's profile on.

guest_must_pass 1500
grep -a '@@PROFILE' "$GUEST_CONSOLE" | tr -d '\r' | sed 's/^.*@@PROFILE //' >/tmp/profile
while IFS= read -r line; do
	result "@@PROFILE $line"
done </tmp/profile
