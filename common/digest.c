// SPDX-License-Identifier: GPL-2.0
/*
 * The digest of an exec'd program (issue 20): an EXEC_DIGEST record with
 * the SHA-256 of the file the kernel loaded (bprm->file, the EXEC record's
 * exe), so that an investigator can tell programs apart whatever their
 * names: a memfd, a deleted file, a copy of a known tool under a new name.
 *
 * Off the exec's path. The exec probe never reads the file; it asks the
 * cache, keyed by what identifies a file's contents without reading them
 * (device, inode, i_version, ctime, size: a write changes ctime, and
 * i_version where the filesystem counts writes; a file changed in the
 * exec's own clock tick is hashed but not cached, see
 * xtrail_digest_settled()).
 * A hit commits the record
 * at once, in the exec's context: an exec loop of /bin/true costs one
 * lookup and one small record per exec. An exec of a file a queued job
 * will hash joins that job (up to XTRAIL_DIGEST_WAITERS execs: the loop's
 * execs before the first digest is made). A miss takes a job slot from a
 * fixed pool (a bit in a word, no allocation), takes a reference to the
 * file and queues the job; one worker (an ordered workqueue: one file
 * hashed at a time, one read buffer) reads the file with kernel_read(),
 * hashes its first digest_max bytes with the kernel's crypto API (sha256:
 * built into Debian's kernel), stores the result in the cache when the
 * key did not change meanwhile, and commits the record. A full pool is
 * said in-band: the record of that exec carries XTRAIL_DIGEST_BUSY and no
 * digest. The cache is direct-mapped: a collision replaces the older
 * entry, which costs a hash later, never a wrong answer (the whole key is
 * compared).
 *
 * The module parameter digest turns it on (off by default: one more record
 * per exec); digest_max bounds the bytes hashed per file (a larger file:
 * the digest of its first digest_max bytes, XTRAIL_DIGEST_PARTIAL).
 */
#include <linux/bitops.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/hash.h>
#include <linux/iversion.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <crypto/hash.h>

#include "xtrail_encode.h"
#include "clock.h"
#include "submit.h"
#include "digest.h"

static bool digest;
module_param(digest, bool, 0);
MODULE_PARM_DESC(digest, "record the sha256 of each exec'd program (EXEC_DIGEST records), hashed by a worker");

static uint digest_max = 16 << 20;
module_param(digest_max, uint, 0);
MODULE_PARM_DESC(digest_max, "bytes of a program hashed at most (a larger one: the digest of its start, flagged partial)");

#define XTRAIL_DIGEST_JOBS	16	/* files waiting to be hashed */
#define XTRAIL_DIGEST_WAITERS	8	/* execs of one file a job answers */
#define XTRAIL_DIGEST_CACHE_BITS 8	/* 256 files remembered */
#define XTRAIL_DIGEST_CHUNK	16384	/* bytes read at once */

struct xtrail_digest_entry {
	struct xtrail_digest_key key;
	u64 hashed;
	u32 flags;		/* XTRAIL_DIGEST_PARTIAL or 0 */
	bool used;
	u8 sha256[XTRAIL_SHA256_LEN];
};

struct xtrail_digest_job {
	struct work_struct work;
	struct file *file;
	struct xtrail_digest_key key;
	bool settled;		/* may be cached, see xtrail_digest_settled() */
	/* Under xtrail_digest_lock: execs of the same file may still join. */
	bool open;
	unsigned int nexec;
	struct xtrail_rec_hdr exec[XTRAIL_DIGEST_WAITERS];
};

static struct xtrail_digest_entry *xtrail_digest_cache;
static DEFINE_SPINLOCK(xtrail_digest_lock);
static struct xtrail_digest_job *xtrail_digest_jobs;
static unsigned long xtrail_digest_busy;	/* a bit per job slot taken */
static atomic_long_t xtrail_digest_full;	/* execs the pool had no slot for */
static struct workqueue_struct *xtrail_digest_wq;
static struct crypto_shash *xtrail_digest_tfm;
static struct shash_desc *xtrail_digest_desc;	/* the worker's */
static u8 *xtrail_digest_buf;			/* the worker's */

static void xtrail_digest_key_of(const struct inode *inode,
				 struct xtrail_digest_key *k)
{
	k->ino = inode->i_ino;
	k->iversion = inode_peek_iversion_raw(inode);
	k->ctime_sec = inode->i_ctime.tv_sec;
	k->ctime_nsec = inode->i_ctime.tv_nsec;
	k->size = i_size_read(inode);
	k->dev = inode->i_sb->s_dev;
}

static struct xtrail_digest_entry *
xtrail_digest_slot(const struct xtrail_digest_key *k)
{
	return &xtrail_digest_cache[hash_64(k->ino ^ ((u64)k->dev << 32),
					    XTRAIL_DIGEST_CACHE_BITS)];
}

/* The cached digest of @k into @e: true on a hit. */
static bool xtrail_digest_lookup(const struct xtrail_digest_key *k,
				 struct xtrail_digest_entry *e)
{
	struct xtrail_digest_entry *c = xtrail_digest_slot(k);
	bool hit;

	spin_lock(&xtrail_digest_lock);
	hit = c->used && !memcmp(&c->key, k, sizeof(*k));
	if (hit)
		*e = *c;
	spin_unlock(&xtrail_digest_lock);
	return hit;
}

static void xtrail_digest_store(const struct xtrail_digest_key *k,
				u64 hashed, u32 flags, const u8 *sha256)
{
	struct xtrail_digest_entry *c = xtrail_digest_slot(k);

	spin_lock(&xtrail_digest_lock);
	c->key = *k;
	c->hashed = hashed;
	c->flags = flags;
	memcpy(c->sha256, sha256, XTRAIL_SHA256_LEN);
	c->used = true;
	spin_unlock(&xtrail_digest_lock);
}

/*
 * Commit the digest record of the exec whose header is @exec: its task
 * fields, a time of its own. Preemption must be off.
 */
static void xtrail_digest_emit(const struct xtrail_rec_hdr *exec, u64 size,
			       u64 hashed, u32 flags, const u8 *sha256)
{
	u8 rec[XTRAIL_EXEC_DIGEST_LEN] __aligned(8);
	struct xtrail_rec_hdr *h = (struct xtrail_rec_hdr *)rec;
	u16 cflags = 0;

	*h = *exec;
	h->ts_ns = cpu_to_le64(xtrail_clock_ns(&cflags));
	h->flags = cpu_to_le16(cflags);
	h->seq = 0;
	h->vcpu = cpu_to_le16(raw_smp_processor_id());
	xtrail_submit(rec, xtrail_exec_digest_finish(rec,
						     le64_to_cpu(exec->ts_ns),
						     size, hashed, flags,
						     sha256));
}

/*
 * Whether a digest of @k may be cached: its ctime is before @now, the time
 * of the exec as the file's filesystem would stamp a change (the coarse
 * clock, cut to its granularity, as current_time() does). A write sets
 * ctime from that clock, and not every filesystem counts i_version: a file
 * written, run, written again with as many bytes and run again within one
 * tick would keep its key. A ctime before the exec's tick cannot be given
 * again: every later write, even one before the worker reads the file,
 * changes the key (XTRAIL_DIGEST_CHANGED then).
 */
static bool xtrail_digest_settled(const struct xtrail_digest_key *k,
				  struct timespec64 now)
{
	return k->ctime_sec < now.tv_sec ||
	       (k->ctime_sec == now.tv_sec && k->ctime_nsec < now.tv_nsec);
}

/* SHA-256 of the first @want bytes of @file: bytes hashed, or -errno. */
static s64 xtrail_digest_hash(struct file *file, u64 want, u8 *sha256)
{
	struct shash_desc *desc = xtrail_digest_desc;
	u64 hashed = 0;
	loff_t pos = 0;
	int ret;

	ret = crypto_shash_init(desc);
	while (!ret && hashed < want) {
		ssize_t n = kernel_read(file, xtrail_digest_buf,
					min_t(u64, want - hashed,
					      XTRAIL_DIGEST_CHUNK), &pos);

		if (n <= 0) {
			ret = n;
			break;
		}
		ret = crypto_shash_update(desc, xtrail_digest_buf, n);
		hashed += n;
		cond_resched();
	}
	if (!ret)
		ret = crypto_shash_final(desc, sha256);
	return ret ? ret : hashed;
}

static void xtrail_digest_work(struct work_struct *work)
{
	struct xtrail_digest_job *job =
		container_of(work, struct xtrail_digest_job, work);
	u64 size = max_t(s64, job->key.size, 0);
	u64 want = min_t(u64, size, digest_max);
	struct xtrail_digest_key now;
	struct xtrail_digest_entry e;
	u8 sha256[XTRAIL_SHA256_LEN];
	u32 flags = 0;
	unsigned int i;
	s64 hashed;

	/* A job queued before for the same file (its joiners full) hashed it. */
	if (xtrail_digest_lookup(&job->key, &e)) {
		hashed = e.hashed;
		flags = e.flags | XTRAIL_DIGEST_CACHED;
		memcpy(sha256, e.sha256, sizeof(sha256));
		goto emit;
	}
	hashed = xtrail_digest_hash(job->file, want, sha256);
	if (hashed < 0) {
		flags = XTRAIL_DIGEST_ERROR;
		hashed = 0;
		memset(sha256, 0, sizeof(sha256));
	} else {
		if (hashed < want)	/* it shrank */
			flags |= XTRAIL_DIGEST_CHANGED;
		else if (hashed < size)
			flags |= XTRAIL_DIGEST_PARTIAL;
		xtrail_digest_key_of(file_inode(job->file), &now);
		if (memcmp(&now, &job->key, sizeof(now)))
			flags |= XTRAIL_DIGEST_CHANGED;
		if (!(flags & XTRAIL_DIGEST_CHANGED) && job->settled)
			xtrail_digest_store(&job->key, hashed, flags, sha256);
	}
emit:
	/* No exec joins from now on: each one that did gets its record. */
	spin_lock(&xtrail_digest_lock);
	job->open = false;
	spin_unlock(&xtrail_digest_lock);
	for (i = 0; i < job->nexec; i++) {
		preempt_disable();
		xtrail_digest_emit(&job->exec[i], size, hashed, flags,
				   flags & XTRAIL_DIGEST_ERROR ? NULL : sha256);
		preempt_enable();
	}
	fput(job->file);
	job->file = NULL;
	clear_bit_unlock(job - xtrail_digest_jobs, &xtrail_digest_busy);
}

/*
 * An exec of a file a queued job is about to hash (an exec loop's second
 * exec before the first one's digest is made): the job answers it too.
 */
static bool xtrail_digest_join(const struct xtrail_digest_key *k,
			       const struct xtrail_rec_hdr *exec)
{
	struct xtrail_digest_job *job;
	unsigned int i;
	bool joined = false;

	spin_lock(&xtrail_digest_lock);
	for (i = 0; i < XTRAIL_DIGEST_JOBS && !joined; i++) {
		job = &xtrail_digest_jobs[i];
		if (job->open && job->nexec < XTRAIL_DIGEST_WAITERS &&
		    !memcmp(&job->key, k, sizeof(*k))) {
			job->exec[job->nexec++] = *exec;
			joined = true;
		}
	}
	spin_unlock(&xtrail_digest_lock);
	return joined;
}

void xtrail_digest_exec(const struct xtrail_rec_hdr *exec, struct file *file)
{
	struct xtrail_digest_entry e;
	struct xtrail_digest_key k;
	struct timespec64 now;
	unsigned int i;

	if (!digest || !file)
		return;
	xtrail_digest_key_of(file_inode(file), &k);
	if (xtrail_digest_lookup(&k, &e)) {
		xtrail_digest_emit(exec, max_t(s64, k.size, 0), e.hashed,
				   e.flags | XTRAIL_DIGEST_CACHED, e.sha256);
		return;
	}
	if (xtrail_digest_join(&k, exec))
		return;
	for (i = 0; i < XTRAIL_DIGEST_JOBS; i++)
		if (!test_and_set_bit_lock(i, &xtrail_digest_busy))
			break;
	if (i == XTRAIL_DIGEST_JOBS) {
		atomic_long_inc(&xtrail_digest_full);
		xtrail_digest_emit(exec, max_t(s64, k.size, 0), 0,
				   XTRAIL_DIGEST_BUSY, NULL);
		return;
	}
	xtrail_digest_jobs[i].file = get_file(file);
	xtrail_digest_jobs[i].key = k;
	ktime_get_coarse_real_ts64(&now);
	xtrail_digest_jobs[i].settled =
		xtrail_digest_settled(&k, timestamp_truncate(now,
							     file_inode(file)));
	xtrail_digest_jobs[i].exec[0] = *exec;
	xtrail_digest_jobs[i].nexec = 1;
	spin_lock(&xtrail_digest_lock);
	xtrail_digest_jobs[i].open = true;
	spin_unlock(&xtrail_digest_lock);
	queue_work(xtrail_digest_wq, &xtrail_digest_jobs[i].work);
}

int xtrail_digest_init(void)
{
	unsigned int i;

	BUILD_BUG_ON(XTRAIL_DIGEST_JOBS > BITS_PER_LONG);
	if (!digest)
		return 0;
	xtrail_digest_tfm = crypto_alloc_shash("sha256", 0, 0);
	if (IS_ERR(xtrail_digest_tfm)) {
		pr_err("digest: no sha256 in this kernel (%ld)\n",
		       PTR_ERR(xtrail_digest_tfm));
		return PTR_ERR(xtrail_digest_tfm);
	}
	xtrail_digest_desc = kzalloc(sizeof(*xtrail_digest_desc) +
				     crypto_shash_descsize(xtrail_digest_tfm),
				     GFP_KERNEL);
	xtrail_digest_buf = kmalloc(XTRAIL_DIGEST_CHUNK, GFP_KERNEL);
	xtrail_digest_cache = kcalloc(1u << XTRAIL_DIGEST_CACHE_BITS,
				      sizeof(*xtrail_digest_cache),
				      GFP_KERNEL);
	xtrail_digest_jobs = kcalloc(XTRAIL_DIGEST_JOBS,
				     sizeof(*xtrail_digest_jobs), GFP_KERNEL);
	xtrail_digest_wq = alloc_ordered_workqueue("xtrail_digest", 0);
	if (!xtrail_digest_desc || !xtrail_digest_buf ||
	    !xtrail_digest_cache || !xtrail_digest_jobs || !xtrail_digest_wq) {
		xtrail_digest_uninit();
		return -ENOMEM;
	}
	xtrail_digest_desc->tfm = xtrail_digest_tfm;
	for (i = 0; i < XTRAIL_DIGEST_JOBS; i++)
		INIT_WORK(&xtrail_digest_jobs[i].work, xtrail_digest_work);
	xtrail_digest_busy = 0;
	atomic_long_set(&xtrail_digest_full, 0);
	pr_info("digest: sha256 of exec'd programs, first %u bytes at most\n",
		digest_max);
	return 0;
}

void xtrail_digest_uninit(void)
{
	if (!digest)
		return;
	/* The jobs queued run to the end and commit their records. */
	if (xtrail_digest_wq)
		destroy_workqueue(xtrail_digest_wq);
	xtrail_digest_wq = NULL;
	if (atomic_long_read(&xtrail_digest_full))
		pr_info("digest: %ld execs found no free job slot (records flagged busy)\n",
			atomic_long_read(&xtrail_digest_full));
	kfree(xtrail_digest_jobs);
	xtrail_digest_jobs = NULL;
	kfree(xtrail_digest_cache);
	xtrail_digest_cache = NULL;
	kfree(xtrail_digest_buf);
	xtrail_digest_buf = NULL;
	kfree(xtrail_digest_desc);
	xtrail_digest_desc = NULL;
	if (!IS_ERR_OR_NULL(xtrail_digest_tfm))
		crypto_free_shash(xtrail_digest_tfm);
	xtrail_digest_tfm = NULL;
}
