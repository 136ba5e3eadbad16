# SPDX-License-Identifier: GPL-2.0
#
# median(a, n): the median of a[1..n], which it sorts in place (insertion
# sort: the benchmarks' checks have tens of values). Loaded with awk -f by
# the benchmarks' host-side check.sh, ahead of their own program.
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
