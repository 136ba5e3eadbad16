# SPDX-License-Identifier: GPL-2.0
#
# boot scenario, guest part (runs as root in the guest with /lab-lib.sh sourced).
# Needs no xtrail parts: shows that the lab can run commands as the normal
# user winai (with loginuid 1000) and that the real `mail` program works.

echo "guest: as_user id: $(as_user id)"
echo "guest: loginuid as winai: $(as_user cat /proc/self/loginuid)"

echo "hello from the lab" | as_user mail -s "lab boot" root
ls /var/mail/msg.* >/dev/null || fail "mail did not hand a message to sendmail"
echo "guest: mail ok: $(grep -c 'hello from the lab' /var/mail/msg.*) message(s) stored"
