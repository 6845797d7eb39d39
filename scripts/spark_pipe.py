#!/usr/bin/env python3
"""Run claimscan inside Apache Spark through RDD.pipe, in local mode.

    python scripts/spark_pipe.py IN.jsonl OUT.jsonl [--claimscan BIN] [--master local[2]] [--partitions 8]

Reads IN.jsonl (one document per line: {"id", "text", "date"?, "title"?}) with sc.textFile in a fixed number of
partitions, pipes every partition through one `claimscan extract --input-format jsonl --jobs 1 -` process
(one record out per line in, in input order; Spark runs as many partitions at once as the master has
cores, so each claimscan keeps to one thread), saves the records with saveAsTextFile, and joins the part files
in partition order into OUT.jsonl: the records then come in the order of IN.jsonl, as a single
`claimscan extract --input-format jsonl IN.jsonl` writes them. Prints the Spark job's wall time.

On a cluster the same code runs with another master, IN on HDFS or S3, and the claimscan binary shipped to the
executors (`--files` / SparkContext.addFile, then the name SparkFiles.get returns).
"""

import argparse
import glob
import os
import shutil
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--claimscan", default="target/release/claimscan")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=8)
    args = ap.parse_args()

    binary = os.path.abspath(args.claimscan)
    if not os.access(binary, os.X_OK):
        sys.exit(f"spark_pipe: {binary} is not an executable")
    t0 = time.perf_counter()
    # Local mode talks to itself only: keep the driver on the loopback address.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark import SparkConf, SparkContext

    conf = (
        SparkConf()
        .setMaster(args.master)
        .setAppName("claimscan-pipe")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.driver.memory", "1g")
    )
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    t1 = time.perf_counter()

    work = tempfile.mkdtemp(prefix="claimscan-spark-")
    parts_dir = os.path.join(work, "out")
    try:
        docs = sc.textFile(os.path.abspath(args.input), minPartitions=args.partitions)
        records = docs.pipe(
            f"{binary} extract --input-format jsonl --jobs 1 -",
            checkCode=True,
        )
        records.saveAsTextFile(parts_dir)
        t2 = time.perf_counter()
        n_in_parts = docs.getNumPartitions()
        # part-00000, part-00001, …: partition order is input order.
        with open(args.output, "wb") as out:
            for part in sorted(glob.glob(os.path.join(parts_dir, "part-*"))):
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out)
        t3 = time.perf_counter()
    finally:
        sc.stop()
        shutil.rmtree(work, ignore_errors=True)

    print(f"spark: master {args.master}, {n_in_parts} partitions", file=sys.stderr)
    print(f"spark: start-up {t1 - t0:.2f} s, pipe job {t2 - t1:.2f} s, joining parts {t3 - t2:.2f} s",
          file=sys.stderr)
    print(f"spark_job_s: {t2 - t1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
