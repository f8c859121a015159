// Plays the bundled notification sound (public/notification.wav, a short two-tone chime). A
// burst of events plays it once. A browser that refuses to play before the user touched the page
// (autoplay rules) just stays silent.
const SOUND_URL = "/notification.wav";
const MIN_GAP_MS = 300;

let audio: HTMLAudioElement | null = null;
let lastPlayed = 0;

export function playChime(): void {
  const now = Date.now();
  if (now - lastPlayed < MIN_GAP_MS) return;
  lastPlayed = now;
  try {
    audio ??= new Audio(SOUND_URL);
    audio.currentTime = 0;
    const played = audio.play();
    if (played) played.catch(() => undefined);
  } catch {
    // no audio on this device
  }
}
