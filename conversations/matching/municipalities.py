"""Where Flemish and Brussels municipalities lie, for an estimated travel time (issue 17 item 3,
draaiboek 5.5, 790: "is the learning place reachable for the switcher?", and 738: "preferably
near where the switcher lives or works").

A small data table, not a route planner: the larger municipalities of the five Flemish
provinces and the nineteen Brussels municipalities, with their names in Dutch, French and
English (`|` between the names) and the coordinates of their centre (two decimals, about a
kilometre). A place or a switcher in a municipality that is not listed simply gets no estimate;
matching then falls back to the municipality and region as written."""

from __future__ import annotations

#: name|other name|...;latitude;longitude — one municipality a line.
TABLE = """\
Antwerpen|Anvers|Antwerp;51.22;4.40
Mechelen|Malines;51.03;4.48
Turnhout;51.32;4.94
Geel;51.16;4.99
Mol;51.19;5.12
Herentals;51.18;4.83
Lier|Lierre;51.13;4.57
Boom;51.09;4.37
Brasschaat;51.29;4.49
Kapellen;51.31;4.43
Mortsel;51.17;4.46
Heist-op-den-Berg;51.08;4.73
Willebroek;51.06;4.36
Schoten;51.25;4.50
Hoogstraten;51.40;4.76
Westerlo;51.09;4.92
Bornem;51.10;4.24
Edegem;51.16;4.44
Duffel;51.09;4.51
Bonheiden;51.02;4.54
Sint-Katelijne-Waver;51.07;4.53
Hasselt;50.93;5.34
Genk;50.97;5.50
Sint-Truiden|Saint-Trond;50.82;5.19
Tongeren|Tongres;50.78;5.46
Beringen;51.05;5.23
Lommel;51.23;5.31
Maasmechelen;50.96;5.69
Bilzen;50.87;5.52
Heusden-Zolder;51.03;5.31
Maaseik;51.10;5.79
Pelt|Neerpelt|Overpelt;51.22;5.42
Houthalen-Helchteren;51.03;5.38
Lanaken;50.89;5.65
Tessenderlo;51.07;5.09
Gent|Gand|Ghent;51.05;3.72
Aalst|Alost;50.94;4.04
Sint-Niklaas|Saint-Nicolas;51.17;4.14
Dendermonde|Termonde;51.03;4.10
Oudenaarde|Audenarde;50.85;3.61
Ninove;50.83;4.02
Eeklo;51.19;3.56
Lokeren;51.10;3.99
Wetteren;51.00;3.88
Geraardsbergen|Grammont;50.77;3.88
Zottegem;50.87;3.81
Ronse|Renaix;50.75;3.60
Deinze;50.98;3.53
Beveren;51.21;4.26
Temse|Tamise;51.13;4.21
Merelbeke;50.99;3.75
Zele;51.07;4.04
Hamme;51.10;4.14
Lochristi;51.10;3.83
Destelbergen;51.06;3.80
Brugge|Bruges;51.21;3.22
Kortrijk|Courtrai;50.83;3.26
Oostende|Ostende|Ostend;51.22;2.92
Roeselare|Roulers;50.95;3.12
Ieper|Ypres;50.85;2.89
Waregem;50.89;3.43
Menen|Menin;50.80;3.12
Torhout;51.07;3.10
Tielt;51.00;3.33
Poperinge;50.86;2.73
Diksmuide|Dixmude;51.03;2.86
Veurne|Furnes;51.07;2.66
Knokke-Heist;51.35;3.27
Blankenberge;51.31;3.13
Izegem;50.92;3.21
Harelbeke;50.86;3.31
Wevelgem;50.81;3.18
Koksijde|Coxyde;51.12;2.64
Middelkerke;51.19;2.82
Leuven|Louvain;50.88;4.70
Vilvoorde|Vilvorde;50.93;4.43
Halle|Hal;50.73;4.24
Tienen|Tirlemont;50.81;4.94
Aarschot;50.99;4.84
Zaventem;50.88;4.47
Dilbeek;50.85;4.26
Asse;50.91;4.20
Grimbergen;50.93;4.37
Machelen;50.91;4.44
Tervuren;50.82;4.51
Overijse;50.77;4.53
Sint-Pieters-Leeuw|Leeuw-Saint-Pierre;50.78;4.24
Londerzeel;51.00;4.30
Diest;50.99;5.05
Landen;50.75;5.08
Haacht;50.98;4.64
Kortenberg;50.88;4.54
Wemmel;50.91;4.31
Zemst;50.98;4.46
Liedekerke;50.88;4.09
Herent;50.90;4.67
Brussel|Bruxelles|Brussels|Laken|Laeken;50.85;4.35
Anderlecht;50.84;4.31
Schaarbeek|Schaerbeek;50.87;4.38
Sint-Jans-Molenbeek|Molenbeek-Saint-Jean|Molenbeek;50.86;4.32
Elsene|Ixelles;50.83;4.37
Etterbeek;50.84;4.39
Ukkel|Uccle;50.80;4.34
Vorst|Forest;50.81;4.32
Sint-Gillis|Saint-Gilles;50.83;4.35
Jette;50.88;4.33
Evere;50.87;4.40
Oudergem|Auderghem;50.82;4.43
Watermaal-Bosvoorde|Watermael-Boitsfort;50.80;4.41
Sint-Lambrechts-Woluwe|Woluwe-Saint-Lambert;50.85;4.43
Sint-Pieters-Woluwe|Woluwe-Saint-Pierre;50.83;4.44
Koekelberg;50.86;4.33
Ganshoren;50.87;4.31
Sint-Agatha-Berchem|Berchem-Sainte-Agathe;50.87;4.29
Sint-Joost-ten-Node|Saint-Josse-ten-Noode;50.85;4.37
"""
