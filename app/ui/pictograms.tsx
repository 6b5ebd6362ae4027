// The pictograms beside words on the participant's screens (join, waiting room, phone screen) and
// in the personal space (/espace), for people who read little. Inline SVG from lucide-react, not emoji: an old phone without an emoji
// font showed empty boxes (issue 13). Each is decorative — the words beside it say it all — so
// screen readers skip it. Only the icons named here end up in the pages' scripts.
import {
  Ban,
  BicepsFlexed,
  CircleCheck,
  CircleHelp,
  ClipboardList,
  Compass,
  Construction,
  DoorOpen,
  Eye,
  EyeOff,
  Flag,
  Footprints,
  HandHelping,
  Handshake,
  History,
  Hourglass,
  Image,
  KeyRound,
  Lightbulb,
  Lock,
  MessageCircle,
  NotebookPen,
  Package,
  Paperclip,
  Pencil,
  RefreshCw,
  Send,
  Smile,
  Sparkles,
  Star,
  ThumbsUp,
  Timer,
  Trash2,
  Undo2,
  UserRound,
  Vote,
  Wifi,
  WifiOff,
  Wrench,
  type LucideIcon,
} from "lucide-react";

const PICTOGRAMS = {
  waiting: Hourglass,
  online: Wifi,
  reconnecting: RefreshCw,
  offline: WifiOff,
  stopped: Ban,
  person: UserRound,
  step: Compass,
  prompt: MessageCircle,
  board: Image,
  write: Pencil,
  idea: Lightbulb,
  send: Send,
  vote: Vote,
  star: Star,
  like: ThumbsUp,
  undo: Undo2,
  results: Flag,
  hidden: EyeOff,
  locked: Lock,
  notebook: NotebookPen,
  need: HandHelping,
  strength: BicepsFlexed,
  nextStep: Footprints,
  question: CircleHelp,
  practice: Wrench,
  timer: Timer,
  // The personal space.
  diagnostic: ClipboardList,
  sharing: Handshake,
  journal: Eye,
  history: History,
  documents: Paperclip,
  export: Package,
  erase: Trash2,
  logout: DoorOpen,
  signIn: KeyRound,
  done: CircleCheck,
  proposals: Sparkles,
  obstacle: Construction,
  // End-of-session questions (issue 16.1).
  feedback: Smile,
} satisfies Record<string, LucideIcon>;

export type PictoName = keyof typeof PICTOGRAMS;

/** A pictogram beside words; `data-picto` names it for tests. */
export function Picto({ name }: { name: PictoName }) {
  const Icon = PICTOGRAMS[name];
  return <Icon aria-hidden="true" focusable="false" className="picto" data-picto={name} size="1.15em" strokeWidth={2.25} />;
}
