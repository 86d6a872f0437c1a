#!/bin/sh
# vllmscan provider wrapper: exec so that signals reach the JVM and the pipes close when it dies.
trap '' INT
# Shell builtins where possible: each $(...) or external command is a fork before the JVM starts (9 -> 5 ms to java).
case $0 in */*) dir=${0%/*} ;; *) dir=. ;; esac
dir=$(cd "$dir" && pwd)
# The JDK feature version of a java binary, from its JDK's release file, into $major ("" when unknown).
java_major() {
  major=""
  [ -f "${1%/bin/java}/release" ] || return 0
  while IFS= read -r line; do
    case $line in JAVA_VERSION=*) major=${line#JAVA_VERSION=\"}; major=${major%%[!0-9]*} ;; esac
  done < "${1%/bin/java}/release"
}
# Which JDK: $VLLMSCAN_JAVA (vllmscan passes the one it runs on), else $JAVA_HOME's, else java on PATH; when that
# one is older than 25 and a JDK 25 or newer is installed beside it, the newest of those (its ahead-of-time cache
# starts the provider faster). VLLMSCAN_JAVA=java keeps PATH's.
java="${VLLMSCAN_JAVA:-}"
if [ -z "$java" ] && [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
if [ -z "$java" ]; then
  java=$(command -v java || echo java)
  real=$(readlink -f "$java" 2>/dev/null) || real=""
  java_major "${real:-$java}"
  if [ -n "$major" ] && [ "$major" -lt 25 ]; then
    best=24
    for candidate in /usr/lib/jvm/*/bin/java /opt/java/*/bin/java; do
      [ -x "$candidate" ] || continue
      java_major "$candidate"
      if [ -n "$major" ] && [ "$major" -gt "$best" ]; then best=$major; java=$candidate; fi
    done
  fi
fi
case $java in */*) ;; *) java=$(command -v "$java" || echo "$java") ;; esac
real=$(readlink -f "$java" 2>/dev/null) || real=""
java_major "${real:-$java}"
# The start-up archive `vllmscan providers install` makes with a training scan of the built-in emulator: on JDK 25
# or newer an AOT cache (JEP 483/514/515: classes loaded and linked, method profiles), on older JDKs a class-data
# archive. Its stamp (the directory, the jar's size and time, and the java binary) is written on first use; a moved
# directory, another jar or another JDK no longer match it, and the provider then starts without it
# (`vllmscan providers install` makes a new one).
quiet="-Xlog:cds*=off"
if [ -n "$major" ] && [ "$major" -ge 25 ]; then
  archive="$dir/vllm-provider.aot"; use="-XX:AOTCache=$archive"; make="-XX:AOTCacheOutput=$archive"
  quiet="$quiet -Xlog:aot*=off --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
else
  archive="$dir/vllm-provider.jsa"; use="-XX:SharedArchiveFile=$archive"; make="-XX:ArchiveClassesAtExit=$archive"
fi
cds=""
if [ -n "$VLLMSCAN_PROVIDER_TRAIN" ]; then
  rm -f "$archive" "$archive.stamp"
  cds="$make"
elif [ -z "$VLLMSCAN_PROVIDER_JAVA_OPTS" ] && [ -f "$archive" ]; then
  stamp="$dir $(stat -c '%s %Y' "$dir/vllm-provider.jar" 2>/dev/null) $real"
  [ -f "$archive.stamp" ] || printf '%s' "$stamp" > "$archive.stamp" 2>/dev/null
  # Written without a newline: read assigns it and reports the missing newline.
  saved=""; { IFS= read -r saved < "$archive.stamp" || true; } 2>/dev/null
  if [ "$saved" = "$stamp" ]; then cds="$use"; fi
fi
# A provider for one single-target scan (vllmscan's script sets VLLMSCAN_SHORT_LIVED=1 for those) lives about a
# second: C1 thresholds raised 6x spare it compiling methods it would barely use (A/B in the README). A fleet's
# provider runs for minutes and keeps the defaults: there the same flag cost CPU. The AOT cache is the same either way.
tuning=""
if [ "$VLLMSCAN_SHORT_LIVED" = "1" ] && [ -z "$VLLMSCAN_PROVIDER_JAVA_OPTS" ] && [ -z "$VLLMSCAN_PROVIDER_TRAIN" ]; then
  tuning="-XX:CompileThresholdScaling=6"
  # Core reflection through JNI instead of a method handle spun per constructor, method and field on first use
  # (JDK 18+, JEP 416): a scan makes a few hundred reflective calls, each spin costs more than all of them (README,
  # "Sixth pass"). JDK 17 does this by itself and ignores the property.
  tuning="$tuning -Djdk.reflect.useNativeAccessorOnly=true"
  # JDK 25's BigDecimal computes 5^65536 in its static initializer (Jackson's first parser reaches it): its BigInteger
  # loops compiled at once, ~18 -> ~7 ms. `quiet`: HotSpot would otherwise echo each command on stdout, the
  # handshake's channel.
  if [ -n "$major" ] && [ "$major" -ge 25 ]; then
    tuning="$tuning -XX:CompileCommand=quiet"
    for loop in add subtract implMulAdd implSquareToLen shiftLeftImplWorker shiftRightImplWorker exactDivideBy3 addOne; do
      tuning="$tuning -XX:CompileCommand=CompileThresholdScaling,java.math.BigInteger::$loop,0.05"
    done
  fi
  # With an AOT cache, JDK 25 also replays the training run's compilations at start (JEP 515), most of them for
  # code a one-second scan barely runs: without the replay in both JVMs the scan took 0.06 s and 0.17 CPU-s less
  # (README). A diagnostic flag of JDK 25: a later JDK that drops it ignores it rather than refusing to start.
  case $cds in
    -XX:AOTCache=*) tuning="$tuning -XX:+UnlockDiagnosticVMOptions -XX:+IgnoreUnrecognizedVMOptions -XX:-AOTReplayTraining" ;;
  esac
fi
# A fleet's provider (the launcher sets VLLMSCAN_FLEET=1 for it) allocates for dozens of targets at once, with
# hundreds of probe threads whose stacks every young collection scans: a 64 MiB young generation collects several
# times less often than the few MiB that -Xms16m gives (A/B in the README). The AOT cache loads either way.
if [ "$VLLMSCAN_FLEET" = "1" ] && [ -z "$VLLMSCAN_PROVIDER_JAVA_OPTS" ] && [ -z "$VLLMSCAN_PROVIDER_TRAIN" ]; then
  tuning="$tuning -Xms96m -Xmn64m"
fi
# JVM messages go to stderr only: stdout carries the handshake line and nothing else.
exec "$java" ${VLLMSCAN_PROVIDER_JAVA_OPTS:-@DEFAULT_JAVA_OPTS@} $tuning $cds -Xlog:disable -Xlog:all=warning:stderr $quiet -jar "$dir/vllm-provider.jar" "$@"
