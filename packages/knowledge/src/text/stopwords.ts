/**
 * Stopwords: the Snowball project's German and English lists (BSD licence), written in folded form
 * (see `fold`), so they match after normalisation. Kept short on purpose: longer lists (stopwords-iso)
 * drop content words a help article is found by ("information", "page", "jahr", "drei").
 */
import type { Language } from './language-codes.ts';

const GERMAN = `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
anderm andern anders auch auf aus bei bin bis bist da damit dann der den des dem die das dass dasselbe
dazu dein deine deinem deinen deiner deines denn derer dessen derselbe derselben denselben desselben
demselben dieselbe dieselben dich dir du dies diese diesem diesen dieser dieses doch dort durch ein eine
einem einen einer eines einig einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure
eurem euren eurer eures fur gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir
ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen
jener jenes jetzt kann kein keine keinem keinen keiner keines konnen konnte machen man manche manchem
manchen mancher manches mein meine meinem meinen meiner meines mit muss musste nach nicht nichts noch nun
nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie ihnen sind so solche solchem
solchen solcher solches soll sollte sondern sonst uber um und uns unsere unserem unseren unser unseres
unter viel vom von vor wahrend war waren warst was weg weil weiter welche welchem welchen welcher welches
wenn werde werden wie wieder will wir wird wirst wo wollen wollte wurde wurden zu zum zur zwar zwischen
wer wann warum wieso weshalb woher wohin worden`;

const ENGLISH = `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that these those
am is are was were be been being have has had having do does did doing would should could ought a an the
and but if or because as until while of at by for with about against between into through during before
after above below to from up down in out on off over under again further then once here there when where
why how all any both each few more most other some such no nor not only own same so than too very s t can
will just don shall may might must also let get got im ive dont doesnt cant isnt whats`;

const toSet = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

const STOPWORDS: Record<Language, ReadonlySet<string>> = { de: toSet(GERMAN), en: toSet(ENGLISH) };

/** Whether a folded, lower-case word is a stopword of the language. */
export const isStopword = (word: string, language: Language): boolean => STOPWORDS[language].has(word);

/** Whether a folded word is a stopword in German or English (for text of unknown language). */
export const isAnyStopword = (word: string): boolean => STOPWORDS.de.has(word) || STOPWORDS.en.has(word);
