//! The folder watch: a background cptref that watches one large content
//! folder and vouches, when asked, that its cache is still current, so a
//! start need not look up each of the folder's files.
//!
//! Looking up 100,000 files' stamps takes longer than all the rest of a
//! search from the cache. A watch is told by the system (Linux's inotify)
//! of every change to a content file in the folder, so once it has checked
//! the cache against the folder, one question over a socket beside the
//! cache replaces the lookups, as git's file-system monitor does. It is
//! started by the first command to use the cache of a folder with
//! `DEFAULT_FROM` content files or more (`FROM_VARIABLE` sets the number;
//! `0` never starts one), and leaves after `IDLE_FOR` unasked, when the
//! folder goes, or when its socket is removed. It vouches for nothing it
//! cannot watch: a folder on a network file system (whose changes made on
//! other machines it is not told of), or holding a content file that is a
//! link or has a second name elsewhere (a hard link), which may change
//! where it is not told. Anything it cannot answer at
//! once counts as "not vouched", and the asker looks up the files as before.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The environment variable giving how many content files a folder needs
/// for a watch to be started for it; `0` starts none.
pub const FROM_VARIABLE: &str = "CPTREF_WATCH_FROM";

/// Below this many files, looking each up takes a few milliseconds: not
/// worth a process.
pub const DEFAULT_FROM: usize = 5_000;

/// How long a watch stays unasked before it leaves.
pub const IDLE_FOR: Duration = Duration::from_secs(15 * 60);

/// How long an asker waits for the watch's answer before looking up the
/// files itself.
const ANSWER_WITHIN: Duration = Duration::from_millis(50);

/// Which cache file a watch vouched for: a cache is written again as a new
/// file, renamed over the old one, so a new cache has a new number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheIdentity {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl CacheIdentity {
    /// The identity of an open cache file; `None` off Unix.
    pub fn of(metadata: &fs::Metadata) -> Option<CacheIdentity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(CacheIdentity {
                device: metadata.dev(),
                inode: metadata.ino(),
                size: metadata.size(),
                modified: (metadata.mtime(), metadata.mtime_nsec()),
                changed: (metadata.ctime(), metadata.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = metadata;
            None
        }
    }

    fn to_words(self) -> String {
        let CacheIdentity {
            device,
            inode,
            size,
            modified,
            changed,
        } = self;
        format!(
            "{device} {inode} {size} {} {} {} {}",
            modified.0, modified.1, changed.0, changed.1
        )
    }

    fn from_words(words: &[&str]) -> Option<CacheIdentity> {
        let [device, inode, size, m0, m1, c0, c1] = words else {
            return None;
        };
        Some(CacheIdentity {
            device: device.parse().ok()?,
            inode: inode.parse().ok()?,
            size: size.parse().ok()?,
            modified: (m0.parse().ok()?, m1.parse().ok()?),
            changed: (c0.parse().ok()?, c1.parse().ok()?),
        })
    }
}

/// What a watch and its askers must agree on to trust each other: the same
/// cptref, reading the same cache layout.
fn version() -> String {
    format!(
        "{}/{}",
        env!("CARGO_PKG_VERSION"),
        crate::cache::layout_version()
    )
}

/// The socket of the watch for the cache file `cache_file`, beside it.
pub fn socket_for(cache_file: &Path) -> PathBuf {
    cache_file.with_extension("watch")
}

/// Where a watch that could not vouch for a folder (`Checked::CannotVouch`)
/// says so, naming the cache it found that with: no watch is started again
/// until the cache is written again, after a change to the folder.
fn refusal_for(cache_file: &Path) -> PathBuf {
    cache_file.with_extension("unwatched")
}

/// The identity of the cache file at `cache_file` as it is now.
fn identity_now(cache_file: &Path) -> Option<CacheIdentity> {
    CacheIdentity::of(&fs::metadata(cache_file).ok()?)
}

/// Whether a watch found it could not vouch for the cache as it is now.
fn refused(cache_file: &Path) -> bool {
    let refusal = fs::read_to_string(refusal_for(cache_file)).ok();
    let words: Vec<&str> = refusal.iter().flat_map(|r| r.split_whitespace()).collect();
    CacheIdentity::from_words(&words)
        .is_some_and(|refused| Some(refused) == identity_now(cache_file))
}

/// How many content files a folder needs for a watch (`None`: never), as
/// `FROM_VARIABLE` says; a value that is no number is refused at start
/// (`from_setting`), so here it is the default.
pub fn watch_from() -> Option<usize> {
    let value = std::env::var(FROM_VARIABLE).ok();
    from_setting(value.as_deref()).unwrap_or(Some(DEFAULT_FROM))
}

/// What a value of `FROM_VARIABLE` says: unset or blank, the default; `0`,
/// no watch; `Err` for what is no number of files.
pub fn from_setting(value: Option<&str>) -> Result<Option<usize>, NotANumber> {
    match value.map(str::trim) {
        None | Some("") => Ok(Some(DEFAULT_FROM)),
        Some(number) => match number.parse::<usize>() {
            Ok(0) => Ok(None),
            Ok(from) => Ok(Some(from)),
            Err(_) => Err(NotANumber),
        },
    }
}

/// A value of `FROM_VARIABLE` that is no number of files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Whether the folder's watch vouches that the cache file it was asked
/// about, opened as `identity`, is current. Any trouble (no watch, a slow
/// one, another version) is a no.
pub fn vouches(cache_file: &Path, identity: CacheIdentity) -> bool {
    #[cfg(target_os = "linux")]
    {
        ask(
            cache_file,
            &format!("vouch {} {}", version(), identity.to_words()),
        )
        .is_some_and(|answer| answer == "yes")
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (cache_file, identity);
        false
    }
}

/// Sends a watch one line and reads its one-line answer.
#[cfg(target_os = "linux")]
fn ask(cache_file: &Path, line: &str) -> Option<String> {
    use std::io::{BufRead, BufReader, Write};
    let mut stream = std::os::unix::net::UnixStream::connect(socket_for(cache_file)).ok()?;
    stream.set_read_timeout(Some(ANSWER_WITHIN)).ok()?;
    stream.set_write_timeout(Some(ANSWER_WITHIN)).ok()?;
    stream.write_all(format!("{line}\n").as_bytes()).ok()?;
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer).ok()?;
    Some(answer.trim_end().to_owned())
}

/// Makes sure the folder `folder`, whose cache is `cache_file` and which has
/// `files` content files, has a watch once it has enough files: tells a
/// running one to check the cache again (it was just used, and may have
/// been written), or starts one, as `program`. The watch itself leaves
/// when it cannot watch the folder.
pub fn ensure(folder: &Path, cache_file: &Path, files: usize, program: &Path) {
    #[cfg(target_os = "linux")]
    {
        if watch_from().is_none_or(|from| files < from) || !cache_file.exists() {
            return;
        }
        if ask(cache_file, &format!("check {}", version())).is_some() {
            return;
        }
        // A socket's path holds at most 107 bytes: a watch could not be
        // reached at a longer one.
        if socket_for(cache_file).as_os_str().len() > 107 || refused(cache_file) {
            return;
        }
        // It runs from the root, so as to keep no folder in use.
        let (Ok(folder), Ok(cache_file)) = (fs::canonicalize(folder), fs::canonicalize(cache_file))
        else {
            return;
        };
        let started = std::process::Command::new(program)
            .arg("watch-folder")
            .arg(folder)
            .arg(cache_file)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .current_dir("/")
            .spawn();
        // A browser left open may outlive the watch: its end is collected,
        // rather than left as a zombie until the browser quits.
        if let Ok(mut watch) = started {
            let _ = std::thread::Builder::new()
                .name("watch started".into())
                .spawn(move || watch.wait());
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (folder, cache_file, files, program);
    }
}

/// Runs a watch for `folder` and its cache `cache_file` until it has no
/// more reason to: the hidden `cptref watch-folder FOLDER CACHE_FILE`.
pub fn serve(folder: &Path, cache_file: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        linux::serve(folder, cache_file)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (folder, cache_file);
        Err(io::Error::other("a folder watch needs Linux"))
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::fs;
    use std::io::{self, BufRead, BufReader, Write};
    use std::mem::MaybeUninit;
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::path::{Path, PathBuf};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use rustix::fs::inotify::{self, CreateFlags, ReadFlags, WatchFlags};

    use super::{CacheIdentity, IDLE_FOR, socket_for, version};

    /// How long the folder must be quiet before the cache is checked against
    /// it: a change comes as several events, and whoever made it may be
    /// writing the cache again.
    const QUIET_FOR: Duration = Duration::from_millis(500);

    /// How often the watch looks whether it should leave.
    const LOOK_EVERY: Duration = Duration::from_secs(2);

    /// File systems whose files can change without this machine's system
    /// seeing it: NFS, SMB/CIFS (three), FUSE, Ceph, 9P, AFS, Coda, Lustre.
    const NOT_WATCHABLE: [i64; 10] = [
        0x6969,
        0x517B,
        0xFF53_4D42,
        0xFE53_4D42,
        0x6573_5546,
        0x00C3_6400,
        0x0102_1997,
        0x5346_414F,
        0x7375_7245,
        0x0BD0_0BD0,
    ];

    /// What the watch knows of the cache.
    struct Watch {
        folder: PathBuf,
        cache_file: PathBuf,
        /// The folder as watched (device, number): a folder put in its
        /// place is another folder.
        folder_identity: (u64, u64),
        /// The cache checked against the folder, with nothing changed
        /// since.
        vouched: Option<CacheIdentity>,
        /// Counts the changes seen, so a check that ran while one came is
        /// not trusted.
        changes: u64,
        /// When to check the cache against the folder next.
        check_at: Option<Instant>,
        checking: Option<(u64, mpsc::Receiver<Checked>)>,
        last_asked: Instant,
        socket: PathBuf,
        socket_inode: u64,
    }

    pub fn serve(folder: &Path, cache_file: &Path) -> io::Result<()> {
        // Its own session: a Ctrl-C or hang-up meant for the command that
        // started it does not reach it.
        let _ = rustix::process::setsid();
        let kind = rustix::fs::statfs(folder)?.f_type as i64;
        if NOT_WATCHABLE.contains(&kind) {
            return Ok(());
        }
        let socket = socket_for(cache_file);
        let Some(listener) = bind(&socket)? else {
            return Ok(());
        };
        listener.set_nonblocking(true)?;
        let socket_inode = fs::symlink_metadata(&socket)?.ino();
        let events = inotify::init(CreateFlags::NONBLOCK | CreateFlags::CLOEXEC)?;
        let wanted = WatchFlags::MODIFY
            | WatchFlags::ATTRIB
            | WatchFlags::CLOSE_WRITE
            | WatchFlags::CREATE
            | WatchFlags::DELETE
            | WatchFlags::MOVED_FROM
            | WatchFlags::MOVED_TO
            | WatchFlags::DELETE_SELF
            | WatchFlags::MOVE_SELF
            | WatchFlags::ONLYDIR;
        inotify::add_watch(&events, folder, wanted)?;
        // Taken after the watch began, so a folder put in its place before
        // is the one watched, and one put there after is told apart.
        let metadata = fs::metadata(folder)?;
        let mut watch = Watch {
            folder: folder.to_owned(),
            cache_file: cache_file.to_owned(),
            folder_identity: (metadata.dev(), metadata.ino()),
            vouched: None,
            changes: 0,
            check_at: Some(Instant::now() + QUIET_FOR),
            checking: None,
            last_asked: Instant::now(),
            socket: socket.clone(),
            socket_inode,
        };
        let result = watch.run(&listener, &events);
        watch.remove_socket();
        result
    }

    /// The socket bound at `socket`, or `None` when a live watch has it. A
    /// socket left by a watch that died is taken over.
    fn bind(socket: &Path) -> io::Result<Option<UnixListener>> {
        match UnixListener::bind(socket) {
            Ok(listener) => Ok(Some(listener)),
            Err(error) if error.kind() == io::ErrorKind::AddrInUse => {
                if UnixStream::connect(socket).is_ok() {
                    return Ok(None);
                }
                fs::remove_file(socket)?;
                UnixListener::bind(socket).map(Some)
            }
            Err(error) => Err(error),
        }
    }

    impl Watch {
        fn run(&mut self, listener: &UnixListener, events: &rustix::fd::OwnedFd) -> io::Result<()> {
            loop {
                let wait = self.wait();
                let timeout = Timespec::try_from(wait).unwrap_or(Timespec {
                    tv_sec: 2,
                    tv_nsec: 0,
                });
                let mut fds = [
                    PollFd::new(events, PollFlags::IN),
                    PollFd::new(listener, PollFlags::IN),
                ];
                match poll(&mut fds, Some(&timeout)) {
                    Ok(_) | Err(rustix::io::Errno::INTR) => {}
                    Err(error) => return Err(error.into()),
                }
                if !self.take_events(events)? {
                    return Ok(());
                }
                if !self.take_check(events)? {
                    return Ok(());
                }
                loop {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            if !self.answer(stream, events)? {
                                return Ok(());
                            }
                        }
                        Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                        Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                        Err(error) => return Err(error),
                    }
                }
                if self.check_at.is_some_and(|at| at <= Instant::now()) && self.checking.is_none() {
                    self.start_check();
                }
                if self.should_leave() {
                    return Ok(());
                }
            }
        }

        fn wait(&self) -> Duration {
            if self.checking.is_some() {
                return Duration::from_millis(20);
            }
            let now = Instant::now();
            match self.check_at {
                Some(at) => at.saturating_duration_since(now).min(LOOK_EVERY),
                None => LOOK_EVERY,
            }
        }

        /// Reads the changes the system told of; `false` when the folder
        /// itself went.
        fn take_events(&mut self, events: &rustix::fd::OwnedFd) -> io::Result<bool> {
            let mut buffer = [MaybeUninit::uninit(); 8192];
            let mut reader = inotify::Reader::new(events, &mut buffer);
            loop {
                let event = match reader.next() {
                    Ok(event) => event,
                    Err(rustix::io::Errno::WOULDBLOCK) => return Ok(true),
                    Err(rustix::io::Errno::INTR) => continue,
                    Err(error) => return Err(error.into()),
                };
                let flags = event.events();
                if flags.intersects(
                    ReadFlags::DELETE_SELF
                        | ReadFlags::MOVE_SELF
                        | ReadFlags::IGNORED
                        | ReadFlags::UNMOUNT,
                ) {
                    return Ok(false);
                }
                // A change to a file that is not content (an editor's swap
                // file, a note) changes nothing cptref reads.
                let matters = flags.contains(ReadFlags::QUEUE_OVERFLOW)
                    || event.file_name().is_none_or(|name| {
                        let name = std::ffi::OsStr::new(
                            std::str::from_utf8(name.to_bytes()).unwrap_or("?.toml"),
                        );
                        crate::loader::content_format(name).is_some()
                    });
                if matters {
                    self.changes += 1;
                    self.vouched = None;
                    self.check_at = Some(Instant::now() + QUIET_FOR);
                }
            }
        }

        /// Takes the result of a check of the cache, if one finished;
        /// `false` when the folder cannot be vouched for.
        fn take_check(&mut self, events: &rustix::fd::OwnedFd) -> io::Result<bool> {
            let Some((changes, receiver)) = &self.checking else {
                return Ok(true);
            };
            let result = match receiver.try_recv() {
                Ok(result) => result,
                Err(mpsc::TryRecvError::Empty) => return Ok(true),
                Err(mpsc::TryRecvError::Disconnected) => Checked::NotCurrent,
            };
            let changes_before = *changes;
            self.checking = None;
            // Whatever changed while it ran was told of before it ended.
            self.take_events(events)?;
            match result {
                Checked::Current(identity) if self.changes == changes_before => {
                    self.vouched = Some(identity);
                }
                Checked::Current(_) | Checked::NotCurrent => {}
                Checked::CannotVouch => {
                    if let Some(identity) = super::identity_now(&self.cache_file) {
                        let _ =
                            fs::write(super::refusal_for(&self.cache_file), identity.to_words());
                    }
                    return Ok(false);
                }
            }
            Ok(true)
        }

        fn start_check(&mut self) {
            self.check_at = None;
            let (sender, receiver) = mpsc::channel();
            let folder = self.folder.clone();
            let cache_file = self.cache_file.clone();
            let started = std::thread::Builder::new()
                .name("check".into())
                .spawn(move || {
                    let _ = sender.send(check(&folder, &cache_file));
                });
            if started.is_ok() {
                self.checking = Some((self.changes, receiver));
            }
        }

        /// Answers one asker; `false` when the watch should leave.
        fn answer(&mut self, stream: UnixStream, events: &rustix::fd::OwnedFd) -> io::Result<bool> {
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
            let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_err() {
                return Ok(true);
            }
            self.last_asked = Instant::now();
            let words: Vec<&str> = line.split_whitespace().collect();
            let Some((&request, rest)) = words.split_first() else {
                return Ok(true);
            };
            if rest.first() != Some(&version().as_str()) {
                // Another cptref: it starts its own watch once this one
                // has gone.
                let _ = (&stream).write_all(b"other\n");
                return Ok(false);
            }
            self.take_events(events)?;
            let answer = match request {
                "vouch" => {
                    let asked = CacheIdentity::from_words(&rest[1..]);
                    let yes = asked.is_some() && asked == self.vouched && self.same_folder();
                    if !yes && self.checking.is_none() && self.check_at.is_none() {
                        self.check_at = Some(Instant::now() + QUIET_FOR);
                    }
                    if yes { "yes" } else { "no" }
                }
                "check" => {
                    let current = super::identity_now(&self.cache_file);
                    if current.is_none() || current != self.vouched {
                        self.vouched = None;
                        if self.checking.is_none() {
                            self.check_at = Some(Instant::now() + QUIET_FOR);
                        }
                    }
                    "ok"
                }
                _ => "unknown",
            };
            let _ = (&stream).write_all(format!("{answer}\n").as_bytes());
            Ok(true)
        }

        fn same_folder(&self) -> bool {
            fs::metadata(&self.folder)
                .is_ok_and(|metadata| (metadata.dev(), metadata.ino()) == self.folder_identity)
        }

        fn should_leave(&self) -> bool {
            if self.last_asked.elapsed() >= IDLE_FOR || !self.same_folder() {
                return true;
            }
            // Removed or taken over: no asker reaches this watch any more.
            fs::symlink_metadata(&self.socket)
                .map_or(true, |metadata| metadata.ino() != self.socket_inode)
        }

        fn remove_socket(&self) {
            if fs::symlink_metadata(&self.socket)
                .is_ok_and(|metadata| metadata.ino() == self.socket_inode)
            {
                let _ = fs::remove_file(&self.socket);
            }
        }
    }

    /// What a check of the cache against the folder found.
    enum Checked {
        /// The cache file, so identified, is current.
        Current(CacheIdentity),
        NotCurrent,
        /// A content file is a link, or has another name elsewhere: it can
        /// change where no watch sees it.
        CannotVouch,
    }

    fn check(folder: &Path, cache_file: &Path) -> Checked {
        let Ok(items) = fs::read_dir(folder) else {
            return Checked::NotCurrent;
        };
        for item in items {
            let Ok(item) = item else {
                return Checked::NotCurrent;
            };
            if crate::loader::content_format(&item.file_name()).is_none() {
                continue;
            }
            // A second name for the file (a hard link elsewhere) writes
            // into it where no watch of this folder is told.
            let linked = item.file_type().is_ok_and(|kind| kind.is_symlink())
                || item.metadata().is_ok_and(|metadata| metadata.nlink() > 1);
            if linked {
                return Checked::CannotVouch;
            }
        }
        match crate::cache::current_identity(cache_file, folder) {
            Some(identity) => Checked::Current(identity),
            None => Checked::NotCurrent,
        }
    }
}
