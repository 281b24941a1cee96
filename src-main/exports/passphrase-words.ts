/**
 * The passphrase generator's word list: 1296 common, concrete English words of 3 to 6 letters,
 * written for this app in the spirit of the EFF short word list: easy to type and spell, no rude
 * words, one spelling of each homophone. 1296 = 6⁴, so four dice pick a word, and six words give
 * about 62 bits. Sorted, lower case a-z only.
 */
const WORDS = `
able acid acorn actor adapt add admit adult after again agent agree ahead aid aim air aisle alarm album alert
alien alike alive alley allow alpha amber amend ample angle angry ankle answer apple april apron arch arena
argue arm army aroma arrow art ashes aside ask aspen atlas atom attic audio aunt avoid awake award axis bacon
badge bagel baker ball bamboo band banjo bank barn barrel basil basin batch bath beach beam bean bear beard
beast bed bee beef begin bell belt bench berry bike bingo birch bird bison black blade blank blast blaze
blend bless blimp blink bliss block blond bloom blue blunt blush board boat body bolt bonus book boost boot
born boss botany bounce bowl box brain brake branch brass brave bread break brick brief bright brim bring
brisk broom brown brush bucket buddy bugle build bulb bunch bundle bunny burst bush button buyer buzz cabin
cable cadet cake calm camel camera camp canal candle candy canoe canyon cape card cargo carrot carry cart
carve case cash catch cattle cause cave cedar cell cello cement chain chair chalk champ chant chapel charm
chart chase cheek cheer cheese chef chess chest chew chick chief child chill chime chin chip choir chorus
cider circle city civic claim clamp clap clash class clay clean clear clerk click cliff climb cling clock
close cloth cloud clown club clue coach coast coat cobalt cocoa code coil coin cold collar color comet comic
cook cookie cool copper coral cord corn cotton couch count cover cozy crab craft crane crate crayon cream
creek crew crisp crop cross crowd crown crumb crust cube curb curl curve cycle cymbal dairy daisy dance dash
data dawn deal decal deck decor deer delta denim depth desert desk dial diary diesel diet digit dime diner
dingo dinner dish diver dizzy dock dog dollar donor donut door dose double dough dove draft drama drawer
dream dress drift drill drink drive drum duck duet dune dust duty dwarf eager eagle early earth easel east
easy echo edge effort eight elbow elder elk elm email ember empty emu enable energy enjoy enter entry envoy
epic equal era errand essay ethics even event ever exact exam excel exit expert extra face fact fair fairy
faith falcon fall fame fancy farm fast fate favor feast fence fern ferry fetch fever fiber field fig film
filter final finch finger fire firm fish five flag flake flame flash flask flat flavor fleet flint float
flock flood floor flower flute foam focus fog folder folk food foot fork form fort fossil fox frame fresh
fridge frog frost fruit fudge fuel fun funny fur future galaxy game garage garlic gas gate gauge gear gecko
gem gentle ghost giant gift ginger glad glass glide globe glove glow glue goat gold golf good goose gown
grace grade grain grand grape graph grass gravy great green grid grill grin grip groove group grove growth
guard guess guest guide gulf gull gum guppy gust habit hair half hall hammer hand happy harbor hard harp hat
hatch hawk hazel head heap heart heat heavy hedge height helmet help herb hero heron hike hill hinge hippo
hobby hockey home honey hood hook hope horn horse hose hotel hour house hover hug human humble humor hunch
hurry husky hut ice icon idea igloo image imply inch index indoor ink inlet input insect invite iris iron
island item ivory ivy jaguar jam jar jazz jeans jeep jelly jet jewel job jockey jog join joke jolly joy judge
juice jumbo jump junior jury kale kayak keen keep kettle key kick kind king kiosk kit kite kitten kiwi knee
knife knit knob knock knot koala label lace ladder lady lake lamb lamp land lane large laser latch later
laugh lava lawn layer lead leaf lean learn leash ledge lemon lens lentil lever lid life lift light lilac lily
lime limit linen lion lip liquid list live lizard llama loaf lobby local lock lodge loft logic long loop
lotus loud love loyal lucky lumber lunar lunch lung lyric magic mail major mango manor maple marble march
margin market marsh mask mason match math maze meal medal media melody melon memo menu merit mesh metal
meteor metro middle mild milk mill mimic mind mint mirror mitten mix model modem moist mole monkey month moon
moose moss motel moth motor mouse mouth movie muffin mug mule museum music myth nail name narrow nation
nature navy near neat neck needle neon nerve nest net never new news next nickel night nine noble noise
noodle north nose note notice novel number nurse nut nylon oak oasis oats ocean octave odd offer often oil
okay old olive omega onion online open opera optic orbit orchid order organ otter ounce outfit oval oven owl
owner oxygen oyster pace page paint palace palm panda panel panic paper parade park parrot party pasta paste
patch path patio pause peach peak pear pebble pecan pedal pen pepper perch permit pet petal phone photo piano
pickle piece pier pigeon pilot pine pink pipe pirate pitch pizza place plain plan plank plant plate play
plaza plenty plum plus poem poet point polar polish pond pony pool poppy porch portal pouch powder power
press prince print prism prize probe prose proud prune pulse puma pump punch puppy purple purse quack quail
quake quart quartz queen query quest quick quiet quill quilt quirk quiz quota quote race radar radio raft
rail rain raisin rake ramp ranch range rapid raven razor ready realm reason reef region relax relay repair
reply resort rest retro rhino rhyme rhythm rice rich riddle ride ridge right ring rinse ripple rise river
road robin robot rock rodeo roof room root rope rose rotor round route royal rubber ruby rug ruler rural rush
rust saddle safe saga sage sail salad salmon salon salsa salt sand sandal satin sauce sauna scale scarf scene
school scoop score scout scrap screen scroll sea seal seat second seed sense sequel shade shadow shape share
shark sharp sheep shelf shell shield shift shine ship shirt shoe shore short shower shrub side sierra sign
silk silver singer siren size skate sketch ski skill skirt sky slate sled sleep sleeve slice slide slope
smart smile smoke snack snail snake snow soap soccer sock soda sofa soft solar solid solo song sonic sound
soup south space spark speak spell spice spike spin spirit sponge spoon sport spot spray sprout squid stable
stack staff stage stairs stamp stand star start steam steel stem step stereo stew stick still stone stool
storm story stove straw street strong stump style sugar suit summer sun sunny sunset super supply surf swan
sweet swift swim swing syrup system table taco tail talent talk tall tango tank tape task taste taxi tea team
teapot teeth tempo tent term test text thank theme thing thorn thread three thumb tide tidy tiger tile timber
time tiny tip title toast today token tomato tone tool tooth topic torch total towel tower town toy track
trade trail train tray treat tree trend trial tribe trick trip truck trunk trust truth tuba tulip tuna tune
tunnel turn turtle tutor twig twin twist type uncle under union unit unity update upper urban usage usual
vacuum valid value valve van vapor vase vault velvet vendor venue verb verse vest video view villa vine vinyl
violet virtue visa visit visor vital vivid vocal voice vote voyage wafer wagon waist walk wall walrus wand
warm wash wasp watch water wave wax way web wedge week weight well west wet whale wheat wheel whisk white
wide width wild willow win wind wing winter wire wise wish wolf wonder wood wool word work world worm wrap
wren wrist yacht yard yarn year yeast yellow yes yield yoga young youth yummy zebra zero zesty zigzag zinc
zipper zone zoom
`;

export const PASSPHRASE_WORDS: readonly string[] = Object.freeze(WORDS.split(/\s+/).filter((word) => word !== ''));
